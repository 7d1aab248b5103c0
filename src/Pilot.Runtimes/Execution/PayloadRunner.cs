using System.ComponentModel;
using CliWrap;
using Pilot.Contracts;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Runs a payload command in its own session and process group (<c>setsid</c>), so that a stop reaches every
/// process it started. When the payload's main process ends, whatever it left behind is killed too.
/// </summary>
public sealed class PayloadRunner(TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<PayloadResult> RunAsync(PayloadCommand payload, PayloadLog log, PayloadControl control, string marker)
    {
        var startedAt = time.GetUtcNow();
        var environment = new Dictionary<string, string?>(payload.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
        {
            [MarkerSweeper.MarkerVariable] = marker,
        };
        var command = Cli.Wrap("setsid")
            .WithArguments([payload.Program, .. payload.Arguments])
            .WithWorkingDirectory(payload.WorkingDirectory)
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(log.Target)
            .WithStandardErrorPipe(log.Target)
            .WithValidation(CliWrap.CommandResultValidation.None);

        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync();
        }
        catch (Win32Exception e)
        {
            throw new SetupFailedException($"could not start '{payload.Program}' in {payload.WorkingDirectory}: {e.Message}", e);
        }

        var groupId = running.ProcessId;
        var leaderExited = WaitForLeaderExitAsync(groupId, running.Task);
        var stoppedByPilot = false;
        using (control.StopRequested.Register(() =>
        {
            stoppedByPilot = !leaderExited.IsCompleted;
            _ = EscalateAsync(groupId, control, leaderExited, marker);
        }))
        {
            await leaderExited;
        }

        // The main process is gone: nothing it started may outlive the attempt, and stray holders of its pipes must let go.
        ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
        MarkerSweeper.Sweep(marker);
        var result = await running;
        log.Complete();
        return Classify(result.ExitCode, stoppedByPilot ? control : null, startedAt, time.GetUtcNow());
    }

    private static PayloadResult Classify(int exitCode, PayloadControl? stop, DateTimeOffset startedAt, DateTimeOffset finishedAt) =>
        stop?.Reason switch
        {
            StopReason.Evicted => new(AttemptOutcome.Evicted, exitCode, startedAt, finishedAt, "stopped by the pilot to leave before its walltime"),
            StopReason.Killed => new(AttemptOutcome.Cancelled, exitCode, startedAt, finishedAt, "stopped on the server's order"),
            StopReason.WalltimeExceeded => new(AttemptOutcome.PayloadFailed, exitCode, startedAt, finishedAt, "ran past the walltime it asked for"),
            _ when exitCode == 0 => new(AttemptOutcome.Succeeded, 0, startedAt, finishedAt, null),
            _ => new(AttemptOutcome.PayloadFailed, exitCode, startedAt, finishedAt, exitCode > 128 ? $"killed by signal {exitCode - 128}" : null),
        };

    /// <summary>Completes when the leader process is gone, even if a stray process still holds its output pipes open.</summary>
    private async Task WaitForLeaderExitAsync(int processId, Task completed)
    {
        while (!completed.IsCompleted && ProcessSignals.IsAlive(processId))
        {
            await Task.WhenAny(completed, Task.Delay(PollInterval, time));
        }
    }

    private async Task EscalateAsync(int groupId, PayloadControl control, Task leaderExited, string marker)
    {
        ProcessSignals.SignalGroup(groupId, ProcessSignals.SigTerm);
        var since = time.GetTimestamp();
        while (!leaderExited.IsCompleted && time.GetElapsedTime(since) < control.Grace)
        {
            await Task.WhenAny(leaderExited, Task.Delay(PollInterval, time));
        }

        if (!leaderExited.IsCompleted)
        {
            ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
            MarkerSweeper.Sweep(marker);
        }
    }
}
