using System.Runtime.CompilerServices;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Runs a payload command, spawned straight into its own session and process group, so that a stop reaches every
/// process it started; its memory request is enforced by a cgroup where the node allows one. When the payload's main
/// process ends, whatever it left behind is killed too: the pilot is their subreaper, so they are its own children.
/// A pilot killed outright takes its payloads along through its <see cref="PayloadGuardian"/>.
/// </summary>
public sealed class PayloadRunner(TimeProvider time)
{
    /// <summary>How long a payload ended by SIGTERM waits for the pilot's own SIGTERM, which the same kill may deliver later.</summary>
    public static readonly TimeSpan SignalSettleTime = TimeSpan.FromSeconds(2);

    private const int ExitBySigterm = 128 + ProcessSignals.SigTerm;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the output pipe may stay open after every known process of the payload is gone (an unmarked escapee holds it).</summary>
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(2);

    public async Task<PayloadResult> RunAsync(PayloadCommand payload, PayloadLog log, PayloadControl control, string marker, PayloadLimits? limits = null)
    {
        limits ??= PayloadLimits.None;
        var startedAt = time.GetUtcNow();
        var cgroup = CreateCgroup(limits, marker, log);
        try
        {
            using var process = PayloadProcess.Start(payload, marker, cgroup);
            var draining = log.DrainAsync(process.Output);
            var stoppedByPilot = false;
            var killedHard = new StrongBox<bool>();
            var escalation = Task.CompletedTask;
            using var watching = new CancellationTokenSource();
            var scratchWatch = limits.WatchesScratch ? WatchScratchAsync(limits, control, watching.Token) : Task.CompletedTask;
            int exitCode;
            using (control.StopRequested.Register(() =>
            {
                stoppedByPilot = !process.Exited.IsCompleted;
                escalation = EscalateAsync(process, control, killedHard);
            }))
            {
                exitCode = await process.Exited;
            }

            await watching.CancelAsync();
            await scratchWatch;
            await escalation;

            // The main process is gone but its zombie holds its session id: nothing started in that session, or carrying
            // the marker, may outlive the attempt.
            var leftovers = KillLeftovers(process.Id, marker);
            ProcessSignals.SignalGroup(process.Id, ProcessSignals.SigKill);
            cgroup?.KillAll();
            process.Reap();
            await Task.WhenAny(draining, Task.Delay(DrainTime, time));
            var endedWithPilot = !stoppedByPilot && exitCode == ExitBySigterm && await PilotEvictsAsync(control);
            var ending = new PayloadEnding
            {
                ExitCode = exitCode,
                Stop = stoppedByPilot ? control.Reason : null,
                StopWhy = control.Why,
                EndedWithPilot = endedWithPilot,
                KilledHard = killedHard.Value,
                Grace = control.Grace,
                OomKilled = cgroup?.OomKilled() ?? false,
                MemoryMb = limits.MemoryMb,
                ScratchBytes = limits.WatchesScratch ? ScratchUsage.Bytes(limits.ScratchDirectory!) : 0,
                ScratchLimitMb = limits.ScratchLimitMb,
                Leftovers = stoppedByPilot ? 0 : leftovers,
            };
            var result = ending.ToResult(startedAt, time.GetUtcNow());
            if (ending.Notice is { } notice)
            {
                log.Note(notice);
            }

            log.Complete();
            return result;
        }
        finally
        {
            if (cgroup is not null)
            {
                await cgroup.RemoveAsync(time);
            }
        }
    }

    private static int KillLeftovers(int sessionId, string marker) =>
        Subreaper.IsActive ? Subreaper.KillLeftovers(sessionId, new MarkerSweeper(marker)) : MarkerSweeper.Sweep(marker);

    /// <summary>
    /// Slurm's <c>scancel</c>, time-limit kill and preemption send SIGTERM to every process of the batch job, payloads
    /// included, often before the pilot's own handler runs: whether the pilot evicts its payloads soon after says which it was.
    /// </summary>
    private async Task<bool> PilotEvictsAsync(PayloadControl control)
    {
        try
        {
            await Task.Delay(SignalSettleTime, time, control.StopRequested);
        }
        catch (OperationCanceledException)
        {
            // A stop arrived.
        }

        return control.Reason == StopReason.Evicted;
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

    /// <summary>SIGTERM to the payload's process group, then SIGKILL after the grace (which a later stop may shorten).</summary>
    private async Task EscalateAsync(PayloadProcess process, PayloadControl control, StrongBox<bool> killedHard)
    {
        ProcessSignals.SignalGroup(process.Id, ProcessSignals.SigTerm);
        var since = time.GetTimestamp();
        while (!process.Exited.IsCompleted && time.GetElapsedTime(since) < control.Grace)
        {
            await Task.WhenAny(process.Exited, Task.Delay(PollInterval, time));
        }

        if (!process.Exited.IsCompleted)
        {
            killedHard.Value = control.Grace > TimeSpan.Zero;
            ProcessSignals.SignalGroup(process.Id, ProcessSignals.SigKill);
        }
    }
}
