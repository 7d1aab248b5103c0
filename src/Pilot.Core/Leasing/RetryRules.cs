using Pilot.Contracts;

namespace Pilot.Core.Leasing;

/// <summary>Decides, from the job's retry policy and its attempts so far, whether an ended attempt is retried.</summary>
public static class RetryRules
{
    /// <summary>
    /// Whether <see cref="Next"/> reads the job's retry policy and attempts for this outcome: a success or a cancel ends
    /// the job whatever came before, so the store need not fetch them (the common case on the hot path).
    /// </summary>
    public static bool NeedsHistory(AttemptOutcome outcome) => outcome is not (AttemptOutcome.Succeeded or AttemptOutcome.Cancelled);

    /// <param name="tally">Ended attempts including the one that just ended.</param>
    public static JobDisposition Next(RetryPolicy policy, AttemptTally tally, AttemptOutcome outcome, int? exitCode)
    {
        if (outcome == AttemptOutcome.Succeeded)
        {
            return new JobDisposition(JobState.Succeeded, "payload exited 0");
        }

        if (outcome == AttemptOutcome.Cancelled)
        {
            return new JobDisposition(JobState.Cancelled, CancelReason.ByOwner);
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
