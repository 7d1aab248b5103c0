using Pilot.Contracts;
using Pilot.Runtimes.Apptainer;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Containers;

/// <summary>Probes with real programs: one that answers, one that fails, one that is not installed.</summary>
[TestFixture]
public sealed class RuntimeProgramTests
{
    [Test]
    public async Task ProbeAsync_ProgramPrintsItsVersion_IsAvailableWithThatVersion()
    {
        var probe = await new RuntimeProgram("shell", "/bin/sh", "-c", "echo 'shell 1.2'").ProbeAsync(CancellationToken.None);

        Assert.That(probe, Is.EqualTo(new RuntimeAvailability("shell", true, "shell 1.2")));
    }

    [Test]
    public async Task ProbeAsync_VersionCommandFails_IsUnavailableWithWhatItSaid()
    {
        var probe = await new RuntimeProgram("shell", "/bin/sh", "-c", "echo broken >&2; exit 2").ProbeAsync(CancellationToken.None);

        Assert.That(probe.Available, Is.False);
        Assert.That(probe.Reason, Does.Contain("exited with 2: broken"));
    }

    [Test]
    public async Task ProbeAsync_ProgramMissing_SaysItIsNotInstalled()
    {
        var probe = await new RuntimeProgram("sarus", "sarus-not-here", "--version").ProbeAsync(CancellationToken.None);

        Assert.That(probe, Is.EqualTo(new RuntimeAvailability("sarus", false, null, "sarus-not-here is not installed (not on PATH)")));
    }

    [Test]
    public async Task ProbeAsync_NoVersionCommand_LooksTheProgramUpOnPath()
    {
        var probe = await new RuntimeProgram("shell", "sh").ProbeAsync(CancellationToken.None);

        Assert.That(probe.Available, Is.True);
        Assert.That(probe.Version, Does.EndWith("/sh"));
    }

    [Test]
    public void PrepareAsync_RuntimeProgramNotInstalled_IsASetupFailureNamingIt()
    {
        using var directory = new TemporaryDirectory();
        using var log = new PayloadLog(directory.Sub("attempt.log"), 4096);
        var launch = Launches.For(new RuntimeSpec { Type = "apptainer", Image = "docker://alpine:3.20" }, ["true"]);
        launch = launch with { Environment = new Dictionary<string, string>(launch.Environment) { ["PATH"] = directory.Path } };

        var error = Assert.ThrowsAsync<SetupFailedException>(() => new ApptainerRuntime(TimeProvider.System).PrepareAsync(launch, log, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("the apptainer runtime needs 'apptainer', which is not installed on this node"));
    }
}
