using System.Runtime.CompilerServices;
using System.ComponentModel;
using CliWrap;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Runs a payload command in its own session and process group (<c>setsid</c>), so that a stop reaches every
/// process it started; it dies with a pilot killed outright, and its memory request is enforced by a cgroup where the
/// node allows one. When the payload's main process ends, whatever it left behind is killed too.
/// </summary>
public sealed class PayloadRunner(TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Payloads that ended sooner are swept over the process ids above their own only (see <see cref="MarkerSweeper.Sweep"/>).</summary>
    private static readonly TimeSpan BoundedSweepTime = TimeSpan.FromMinutes(1);

    private static readonly string? Setpriv = PayloadCommandLine.FindSetpriv();

    public async Task<PayloadResult> RunAsync(PayloadCommand payload, PayloadLog log, PayloadControl control, string marker, PayloadLimits? limits = null)
    {
        limits ??= PayloadLimits.None;
        var startedAt = time.GetUtcNow();
        var cgroup = CreateCgroup(limits, marker, log);
        try
        {
            var running = await StartAsync(payload, log, marker, cgroup);
            var groupId = running.ProcessId;
            var leaderExited = WaitForLeaderExitAsync(groupId, running.Task);
            var stoppedByPilot = false;
            var killedHard = new StrongBox<bool>();
            using var watching = new CancellationTokenSource();
            var scratchWatch = limits.WatchesScratch ? WatchScratchAsync(limits, control, watching.Token) : Task.CompletedTask;
            using (control.StopRequested.Register(() =>
            {
                stoppedByPilot = !leaderExited.IsCompleted;
                _ = EscalateAsync(groupId, control, leaderExited, marker, killedHard);
            }))
            {
                await leaderExited;
            }

            await watching.CancelAsync();
            await scratchWatch;

            // The main process is gone: nothing it started may outlive the attempt, and stray holders of its pipes must let go.
            // One pass over /proc finds and kills them (the dominant cost of a no-op payload, so only one, and only over
            // the processes started after the payload while process ids cannot have wrapped around).
            var swept = MarkerSweeper.Sweep(marker, time.GetUtcNow() - startedAt < BoundedSweepTime ? groupId : 0);
            ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
            cgroup?.KillAll();
            var leftovers = stoppedByPilot ? 0 : swept;
            var result = await running;
            if (leftovers > 0)
            {
                log.Note($"killed {leftovers} process(es) the payload left running after it exited");
            }

            log.Complete();
            return new PayloadEnding
            {
                ExitCode = result.ExitCode,
                Stop = stoppedByPilot ? control.Reason : null,
                KilledHard = killedHard.Value,
                Grace = control.Grace,
                OomKilled = cgroup?.OomKilled() ?? false,
                MemoryMb = limits.MemoryMb,
                ScratchBytes = limits.WatchesScratch ? ScratchUsage.Bytes(limits.ScratchDirectory!) : 0,
                ScratchLimitMb = limits.ScratchLimitMb,
                Leftovers = leftovers,
            }.ToResult(startedAt, time.GetUtcNow());
        }
        finally
        {
            if (cgroup is not null)
            {
                await cgroup.RemoveAsync(time);
            }
        }
    }

    private static MemoryCgroup? CreateCgroup(PayloadLimits limits, string marker, PayloadLog log)
    {
        if (limits.MemoryMb <= 0 || limits.MemoryCgroupRoot is not { Length: > 0 } root)
        {
            return null;
        }

        var cgroup = MemoryCgroup.TryCreate(root, marker, limits.MemoryMb, out var problem);
        if (problem is not null)
        {
            log.Note(problem);
        }

        return cgroup;
    }

    private static async Task<CommandTask<CommandResult>> StartAsync(PayloadCommand payload, PayloadLog log, string marker, MemoryCgroup? cgroup)
    {
        var environment = payload.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        environment[MarkerSweeper.MarkerVariable] = marker;
        var words = PayloadCommandLine.Build(payload, Setpriv, cgroup?.ProcsFile);
        var command = Cli.Wrap(words[0])
            .WithArguments(words.Skip(1))
            .WithWorkingDirectory(payload.WorkingDirectory)
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(log.Target)
            .WithStandardErrorPipe(log.Target)
            .WithValidation(CommandResultValidation.None);
        try
        {
            return await LaunchThread.RunAsync(() => command.ExecuteAsync());
        }
        catch (Win32Exception e)
        {
            throw new SetupFailedException($"could not start '{payload.Program}' in {payload.WorkingDirectory}: {e.Message}", e);
        }
    }

    /// <summary>Completes when the leader process is gone, even if a stray process still holds its output pipes open.</summary>
    private async Task WaitForLeaderExitAsync(int processId, Task completed)
    {
        while (!completed.IsCompleted && ProcessSignals.IsAlive(processId))
        {
            await Task.WhenAny(completed, Task.Delay(PollInterval, time));
        }
    }

    /// <summary>No per-attempt quota exists on a shared scratch filesystem: measure, and stop the payload past its limit.</summary>
    private async Task WatchScratchAsync(PayloadLimits limits, PayloadControl control, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(limits.ScratchCheckInterval, time, cancellationToken);
                if (ScratchUsage.Bytes(limits.ScratchDirectory!) > limits.ScratchLimitBytes)
                {
                    control.RequestStop(StopReason.ScratchExceeded, TimeSpan.Zero);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The payload ended first.
        }
    }

    private async Task EscalateAsync(int groupId, PayloadControl control, Task leaderExited, string marker, StrongBox<bool> killedHard)
    {
        ProcessSignals.SignalGroup(groupId, ProcessSignals.SigTerm);
        var since = time.GetTimestamp();
        while (!leaderExited.IsCompleted && time.GetElapsedTime(since) < control.Grace)
        {
            await Task.WhenAny(leaderExited, Task.Delay(PollInterval, time));
        }

        if (!leaderExited.IsCompleted)
        {
            killedHard.Value = control.Grace > TimeSpan.Zero;
            ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
            MarkerSweeper.Sweep(marker);
        }
    }
}
