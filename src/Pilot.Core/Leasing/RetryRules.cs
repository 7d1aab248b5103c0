using Pilot.Contracts;

namespace Pilot.Core.Leasing;

/// <summary>Decides, from the job's retry policy and its attempts so far, whether an ended attempt is retried.</summary>
public static class RetryRules
{
    /// <summary>
    /// How an outcome that ends the job whatever its retry policy and earlier attempts say (a success, a cancel) moves
    /// it on; null when those decide. The store reads the policy and the attempts only when this is null (the common
    /// case on the hot path is a success).
    /// </summary>
    public static JobDisposition? Unconditional(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Succeeded => new JobDisposition(JobState.Succeeded, "payload exited 0"),
        AttemptOutcome.Cancelled => new JobDisposition(JobState.Cancelled, CancelReason.ByOwner),
        _ => null,
    };

    /// <param name="tally">Ended attempts including the one that just ended.</param>
    public static JobDisposition Next(RetryPolicy policy, AttemptTally tally, AttemptOutcome outcome, int? exitCode)
    {
        if (Unconditional(outcome) is { } unconditional)
        {
            return unconditional;
        }

        var (allowed, what) = outcome switch
        {
            AttemptOutcome.PayloadFailed => (policy.PayloadFailure, $"payload exited {exitCode}"),
            AttemptOutcome.PilotLost => (policy.PilotLost, "pilot stopped renewing its lease"),
            AttemptOutcome.Evicted => (policy.Evicted, "evicted by its pilot"),
            AttemptOutcome.SetupFailed => (policy.SetupFailure, "payload could not be started"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not an ended attempt"),
        };

        var used = tally[outcome];
        return used <= allowed
            ? new JobDisposition(JobState.Queued, $"{what}; requeued ({used} of {allowed} retries used)")
            : new JobDisposition(JobState.Failed, allowed == 0 ? what : $"{what}; no retries left ({allowed} allowed)");
    }
}
