using Pilot.Runtimes;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Tests.Execution;

[TestFixture]
public sealed class PayloadCommandLineTests
{
    private static readonly PayloadCommand Payload = new("python3", ["train.py", "--lr", "0.1"], new Dictionary<string, string>(), "/scratch");

    [Test]
    public void Build_WithoutSetprivOrCgroup_IsSetsidAndThePayload() =>
        Assert.That(PayloadCommandLine.Build(Payload, setpriv: null, cgroupProcsFile: null), Is.EqualTo(new[] { "setsid", "python3", "train.py", "--lr", "0.1" }));

    [Test]
    public void Build_WithSetpriv_KillsThePayloadWhenThePilotDies() =>
        Assert.That(
            PayloadCommandLine.Build(Payload, "/usr/bin/setpriv", cgroupProcsFile: null),
            Is.EqualTo(new[] { "setsid", "/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "python3", "train.py", "--lr", "0.1" }));

    [Test]
    public void Build_WithCgroup_JoinsItBeforeBecomingThePayload() =>
        Assert.That(
            PayloadCommandLine.Build(Payload, "/usr/bin/setpriv", "/sys/fs/cgroup/memory/pilot/abc/cgroup.procs"),
            Is.EqualTo(new[]
            {
                "setsid", "/usr/bin/setpriv", "--pdeathsig", "KILL", "--",
                "/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", "/sys/fs/cgroup/memory/pilot/abc/cgroup.procs",
                "python3", "train.py", "--lr", "0.1",
            }));
}
