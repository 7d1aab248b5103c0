using Pilot.Contracts;
using Pilot.Runtimes.Containers;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Containers;

[TestFixture]
public sealed class ContainerInvocationTests
{
    [Test]
    public void Of_Launch_BindsTheScratchAtItsOwnPathThenTheJobsBinds()
    {
        var launch = Launches.For(new RuntimeSpec { Type = "bwrap", Image = "/img", Binds = ["/data:/input:ro", "/opt/tools"] }, ["true"], workingDirectory: "run");

        var invocation = ContainerInvocation.Of(launch);

        Assert.That(invocation.Binds, Is.EqualTo(new[]
        {
            new BindMount(Launches.Scratch, Launches.Scratch, false),
            new BindMount("/data", "/input", true),
            new BindMount("/opt/tools", "/opt/tools", false),
        }));
        Assert.That(invocation.WorkingDirectory, Is.EqualTo(Launches.Scratch + "/run"));
    }

    [Test]
    public void Of_Launch_NamesEveryVariableAndTheAttemptMarker()
    {
        var invocation = ContainerInvocation.Of(Launches.For(new RuntimeSpec { Type = "podman", Image = "alpine" }, ["true"], gpus: [2, 3]));

        Assert.That(invocation.EnvironmentNames, Is.EqualTo(new[] { "FOO", "PILOT_JOB_ID", "PILOT_ATTEMPT_MARKER" }));
        Assert.That(invocation.Gpus, Is.True);
    }

    [Test]
    public void Of_PreparedLaunch_RunsThePreparedImage()
    {
        var launch = Launches.For(new RuntimeSpec { Type = "charliecloud", Image = "/images/app.tar.gz" }, ["true"]) with { PreparedImage = "/cache/app.rootfs" };

        Assert.That(ContainerInvocation.Of(launch).Image, Is.EqualTo("/cache/app.rootfs"));
    }
}
