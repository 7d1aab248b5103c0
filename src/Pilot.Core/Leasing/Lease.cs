using Pilot.Contracts;

namespace Pilot.Core.Leasing;

/// <summary>
/// One attempt's hold on a job. The fencing token only grows from attempt to attempt, so a pilot presumed dead
/// cannot renew or report over the attempt that replaced it. A lease ends only by its report or by <see cref="Expire"/>
/// (the server's reaper): past <see cref="ExpiresAt"/> but not yet reaped, no other attempt exists, so it still counts.
/// </summary>
public sealed record Lease(string LeaseId, long JobId, long FencingToken, string PilotId, DateTimeOffset ExpiresAt, AttemptOutcome Outcome)
{
    public bool IsActive => Outcome == AttemptOutcome.Running;

    public static Lease Grant(long jobId, long fencingToken, string pilotId, DateTimeOffset now, TimeSpan ttl) =>
        new(Guid.NewGuid().ToString("N"), jobId, fencingToken, pilotId, now + ttl, AttemptOutcome.Running);

    public bool IsExpired(DateTimeOffset now) => IsActive && now >= ExpiresAt;

    public Lease Renew(long fencingToken, DateTimeOffset now, TimeSpan ttl)
    {
        EnsureHeldBy(fencingToken);
        return this with { ExpiresAt = now + ttl };
    }

    /// <summary>Ends the attempt with what the pilot reported. A report from an expired or replaced lease is refused.</summary>
    public Lease Complete(long fencingToken, AttemptOutcome outcome)
    {
        if (outcome == AttemptOutcome.Running)
        {
            throw new ArgumentException("a report must say how the attempt ended", nameof(outcome));
        }

        EnsureHeldBy(fencingToken);
        return this with { Outcome = outcome };
    }

    /// <summary>Ends the attempt because its pilot stopped renewing it.</summary>
    public Lease Expire(DateTimeOffset now) =>
        IsExpired(now) ? this with { Outcome = AttemptOutcome.PilotLost } : this;

    private void EnsureHeldBy(long fencingToken)
    {
        if (fencingToken != FencingToken)
        {
            throw new StaleLeaseException(LeaseId, $"fencing token {fencingToken} is stale; attempt {FencingToken} holds job {JobId}");
        }

        if (!IsActive)
        {
            throw new StaleLeaseException(LeaseId, $"lease already ended as {Outcome}");
        }
    }
}
