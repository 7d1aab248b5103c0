using Microsoft.Extensions.Time.Testing;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Execution;

/// <summary>The runner with real payloads: results, captured output, the log cap, and stops and exits that leave nothing behind.</summary>
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
    public async Task RunAsync_GrandchildInItsOwnSession_IsKilledAsAnOrphanOfThePilot()
    {
        var (result, log) = await RunAsync(Executables.Payload("fork-grandchild", "300"));

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain("left a daemon behind"));
        await Eventually.UntilAsync(() => ProcessTable.Matching(_marker).Count == 0, TimeSpan.FromSeconds(5), "the daemon to be gone");
    }

    [Test]
    public async Task RunAsync_DaemonsLeftJustBeforeTheProcessIdsWrap_AreAllKilled()
    {
        // The kernel hands out ids upwards from ns_last_pid and wraps at pid_max: daemons started here may get lower ids than their payload.
        Requirements.That(CanSetLastPid(), "a writable /proc/sys/kernel/ns_last_pid (run as root)");
        var pidMax = int.Parse(await File.ReadAllTextAsync("/proc/sys/kernel/pid_max"));
        var results = new List<PayloadResult>();
        for (var round = 0; round < 3; round++)
        {
            await File.WriteAllTextAsync("/proc/sys/kernel/ns_last_pid", (pidMax - 28).ToString());
            for (var payload = 0; payload < 6; payload++)
            {
                results.Add((await RunAsync(["/bin/sh", "-c", "setsid sh -c 'sleep 300' & echo started"])).Result);
            }
        }

        Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(results.Select(r => r.Reason), Is.All.Contain("process(es) running after it exited; they were killed"), "its shell and sleep, or the shell alone when caught before its fork");
        Assert.That(ProcessTable.Matching(_marker), Is.Empty, "no daemon outlives its payload, wherever its id fell");
    }

    [Test]
    public async Task RunAsync_EndedBySigtermAndThePilotEvictsMomentsLater_IsEvictedWithIt()
    {
        var time = new FakeTimeProvider();
        using var control = new PayloadControl();
        var running = RunAsync(["/bin/sh", "-c", "kill -TERM $$"], control: control, time: time);
        await Task.Delay(TimeSpan.FromSeconds(1));

        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(30));
        var (result, log) = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Evicted));
        Assert.That(result.Reason, Does.Contain("stopped by the SIGTERM that stopped the pilot"));
        Assert.That(log, Does.Contain("stopped by the SIGTERM that stopped the pilot"));
    }

    [Test]
    public async Task RunAsync_EndedBySigtermWhileThePilotStays_FailsOnceTheSettleTimeHasPassed()
    {
        var time = new FakeTimeProvider();
        var running = RunAsync(["/bin/sh", "-c", "kill -TERM $$"], time: time);
        while (!running.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var (result, _) = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(result.ExitCode, Is.EqualTo(143));
        Assert.That(result.Reason, Is.EqualTo("killed by signal 15"));
    }

    private static bool CanSetLastPid()
    {
        try
        {
            File.WriteAllText("/proc/sys/kernel/ns_last_pid", File.ReadAllText("/proc/sys/kernel/ns_last_pid"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string LogPath => _directory.Sub("payload.log");

    private async Task<(PayloadResult Result, string Log)> RunAsync(string[] command, long capBytes = 1024 * 1024, PayloadControl? control = null, TimeProvider? time = null)
    {
        using var log = new PayloadLog(LogPath, capBytes);
        using var ownControl = new PayloadControl();
        var payload = new PayloadCommand(command[0], command[1..], new Dictionary<string, string>(), _directory.Path);
        var result = await new PayloadRunner(time ?? TimeProvider.System).RunAsync(payload, log, control ?? ownControl, _marker);
        return (result, await File.ReadAllTextAsync(LogPath));
    }
}
