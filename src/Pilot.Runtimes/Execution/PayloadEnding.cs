using Pilot.Contracts;

namespace Pilot.Runtimes.Execution;

/// <summary>Everything known when a payload's processes are gone, turned into an outcome and a reason a person can act on.</summary>
internal sealed record PayloadEnding
{
    private const string EndedWithPilotReason = "stopped by the SIGTERM that stopped the pilot (scancel, time limit or preemption of its batch job)";

    public required int ExitCode { get; init; }

    /// <summary>Why the pilot stopped it, when the pilot did.</summary>
    public StopReason? Stop { get; init; }

    /// <summary>What the stop's requester said (<see cref="PayloadControl.Why"/>).</summary>
    public string? StopWhy { get; init; }

    /// <summary>
    /// It ended by a SIGTERM the pilot did not send, and the pilot was evicting its payloads within moments: the
    /// batch job's kill (<c>scancel</c>, time limit, preemption) reached both.
    /// </summary>
    public bool EndedWithPilot { get; init; }

    /// <summary>It outlived SIGTERM and the grace period: SIGKILL ended it.</summary>
    public bool KilledHard { get; init; }

    public TimeSpan Grace { get; init; }

    public bool OomKilled { get; init; }

    public long MemoryMb { get; init; }

    public long ScratchBytes { get; init; }

    public long ScratchLimitMb { get; init; }

    /// <summary>Processes it left running after its main process ended.</summary>
    public int Leftovers { get; init; }

    /// <summary>What the pilot adds to the payload's log about its end, if anything.</summary>
    public string? Notice => EndedWithPilot
        ? EndedWithPilotReason
        : Leftovers > 0 ? $"killed {Leftovers} process(es) the payload left running after it exited" : null;

    public PayloadResult ToResult(DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var (outcome, reason) = Classify();
        return new PayloadResult(outcome, ExitCode, startedAt, finishedAt, reason);
    }

    private (AttemptOutcome Outcome, string? Reason) Classify()
    {
        if (OomKilled)
        {
            return (AttemptOutcome.PayloadFailed, $"exceeded its memory request of {MemoryMb} MB and was killed by the kernel's OOM killer; ask for more memory");
        }

        if (Stop == StopReason.ScratchExceeded || (ScratchLimitMb > 0 && ScratchBytes > ScratchLimitMb * 1024 * 1024))
        {
            return (AttemptOutcome.PayloadFailed, StopReasons.Describe(StopReason.ScratchExceeded, null, ScratchLimitMb));
        }

        if (EndedWithPilot)
        {
            return (AttemptOutcome.Evicted, EndedWithPilotReason);
        }

        var hard = KilledHard ? $"; it ignored SIGTERM and was killed with SIGKILL after the {Grace.TotalSeconds:0.#} s grace period" : string.Empty;
        var left = Leftovers > 0 ? $"left {Leftovers} process(es) running after it exited; they were killed" : null;
        return Stop switch
        {
            { } stop => (StopReasons.Outcome(stop), StopReasons.Describe(stop, StopWhy) + hard),
            _ when ExitCode == 0 => (AttemptOutcome.Succeeded, left),
            _ => (AttemptOutcome.PayloadFailed, string.Join("; ", new[] { ExitCode > 128 ? $"killed by signal {ExitCode - 128}" : null, left }.OfType<string>()) is { Length: > 0 } r ? r : null),
        };
    }
}
