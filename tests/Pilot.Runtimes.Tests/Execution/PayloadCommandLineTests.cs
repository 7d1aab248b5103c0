using Pilot.Runtimes;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Tests.Execution;

[TestFixture]
public sealed class PayloadCommandLineTests
{
    private static readonly PayloadCommand Payload = new("python3", ["train.py", "--lr", "0.1"], new Dictionary<string, string>(), "/scratch");

    [Test]
    public void Build_WithoutCgroup_IsThePayloadAlone() =>
        Assert.That(PayloadCommandLine.Build(Payload, cgroupProcsFile: null, spawnChangesDirectory: true), Is.EqualTo(new[] { "python3", "train.py", "--lr", "0.1" }));

    [Test]
    public void Build_WithCgroup_JoinsItBeforeBecomingThePayload() =>
        Assert.That(
            PayloadCommandLine.Build(Payload, "/sys/fs/cgroup/memory/pilot/abc/cgroup.procs", spawnChangesDirectory: true),
            Is.EqualTo(new[]
            {
                "/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", "/sys/fs/cgroup/memory/pilot/abc/cgroup.procs",
                "python3", "train.py", "--lr", "0.1",
            }));

    [Test]
    public void Build_OnAnOldGlibc_ChangesDirectoryBeforeBecomingThePayload() =>
        Assert.That(
            PayloadCommandLine.Build(Payload, cgroupProcsFile: null, spawnChangesDirectory: false),
            Is.EqualTo(new[] { "/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", "/scratch", "python3", "train.py", "--lr", "0.1" }));
}
