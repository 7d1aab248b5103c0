using Pilot.Contracts;

namespace Pilot.Runtimes.Execution;

/// <summary>Why Pilot stopped a payload before it ended by itself.</summary>
public enum StopReason
{
    /// <summary>The pilot is leaving (walltime, site signal, an operator's order): the job goes back to the queue.</summary>
    Evicted,

    /// <summary>The server ordered the stop: the owner cancelled the job, or its lease is no longer valid.</summary>
    Cancelled,

    /// <summary>The payload ran past the walltime it asked for.</summary>
    WalltimeExceeded,

    /// <summary>The payload wrote more to its scratch directory than the pilot allows.</summary>
    ScratchExceeded,
}

/// <summary>What a stop means for the attempt, and how its reason reads: said once for payloads, clusters and set-up.</summary>
public static class StopReasons
{
    public static AttemptOutcome Outcome(StopReason reason) => reason switch
    {
        StopReason.Evicted => AttemptOutcome.Evicted,
        StopReason.Cancelled => AttemptOutcome.Cancelled,
        _ => AttemptOutcome.PayloadFailed,
    };

    /// <param name="why">What the stop's requester said (the pilot's drain reason, the server's order), if anything.</param>
    public static string Describe(StopReason reason, string? why, long scratchLimitMb = 0)
    {
        var said = why is { Length: > 0 } ? $" ({why})" : string.Empty;
        return reason switch
        {
            StopReason.Evicted => $"stopped by the pilot as it left{said}",
            StopReason.Cancelled => $"stopped on the server's order{said}",
            StopReason.WalltimeExceeded => "ran past the walltime it asked for",
            _ => $"wrote more than the scratch limit of {scratchLimitMb} MB to its working directory; its scratch was removed",
        };
    }
}
