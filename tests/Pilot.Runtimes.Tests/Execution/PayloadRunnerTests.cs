using Pilot.Contracts;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Execution;

/// <summary>The runner with the real test payload: results, captured output, the log cap, and stops that leave nothing behind.</summary>
[TestFixture]
public sealed class PayloadRunnerTests
{
    private TemporaryDirectory _directory = null!;
    private string _marker = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TemporaryDirectory();
        _marker = $"runner-{Guid.NewGuid():N}";
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task RunAsync_PayloadExits3_IsPayloadFailedWithExitCode3()
    {
        var (result, log) = await RunAsync(Executables.Payload("exit", "3"));

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(log, Does.Contain("exiting with 3"));
    }

    [Test]
    public async Task RunAsync_StdoutAndStderr_BothLandInTheLog()
    {
        var (result, log) = await RunAsync(["/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2"]);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain("to-stdout").And.Contain("to-stderr"));
    }

    [Test]
    public async Task RunAsync_OutputPastTheCap_IsDroppedAndMarked()
    {
        var (result, log) = await RunAsync(Executables.Payload("flood", "100000"), capBytes: 4096);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain("[pilot] log truncated at 4096 bytes: 95904 more bytes of output were dropped"));
    }

    [Test]
    public async Task RunAsync_PayloadIgnoringSigterm_IsKilledAfterTheGraceAndLeavesNothing()
    {
        using var control = new PayloadControl();
        var running = RunAsync(Executables.Payload("ignore-sigterm", "300"), control: control);
        await Eventually.UntilAsync(() => File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("ignoring SIGTERM for", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the payload to start");

        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(1));
        var (result, log) = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Evicted));
        Assert.That(result.ExitCode, Is.EqualTo(137), "SIGKILL after the grace");
        Assert.That(log, Does.Contain("ignoring SIGTERM\n"), "it was sent SIGTERM first");
        Assert.That(ProcessTable.Matching(_marker), Is.Empty);
    }

    [Test]
    public async Task RunAsync_GrandchildInItsOwnSession_IsKilledByTheMarkerSweep()
    {
        var (result, log) = await RunAsync(Executables.Payload("fork-grandchild", "300"));

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain("left a daemon behind"));
        await Eventually.UntilAsync(() => ProcessTable.Matching(_marker).Count == 0, TimeSpan.FromSeconds(5), "the daemon to be gone");
    }

    private string LogPath => _directory.Sub("payload.log");

    private async Task<(PayloadResult Result, string Log)> RunAsync(string[] command, long capBytes = 1024 * 1024, PayloadControl? control = null)
    {
        using var log = new PayloadLog(LogPath, capBytes);
        using var ownControl = new PayloadControl();
        var payload = new PayloadCommand(command[0], command[1..], new Dictionary<string, string>(), _directory.Path);
        var result = await new PayloadRunner(TimeProvider.System).RunAsync(payload, log, control ?? ownControl, _marker);
        return (result, await File.ReadAllTextAsync(LogPath));
    }
}
