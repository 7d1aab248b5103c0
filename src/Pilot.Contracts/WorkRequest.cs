namespace Pilot.Contracts;

/// <summary>
/// A pilot's one exchange with the queue: how the attempts that ended since its last request went, its heartbeat,
/// and (optionally) a request for more work. The server applies the reports, renews the leases, then grants, all in
/// one transaction.
/// </summary>
public sealed record WorkRequest
{
    /// <summary>
    /// Counts the pilot's exchanges from 1. A new request takes the next number; a retried one (lost answer, timeout)
    /// repeats it and gets the answer already decided, never a second grant.
    /// </summary>
    public required long Sequence { get; init; }

    /// <summary>Attempts that ended: each is applied on its own, so a stale fencing token refuses that report only.</summary>
    public IReadOnlyList<LeaseReport> Reports { get; init; } = [];

    /// <summary>The leases still running (renewed), what is free, whether the pilot drains.</summary>
    public required Heartbeat Heartbeat { get; init; }

    /// <summary>Work wanted now; null when the pilot takes none (full, or draining).</summary>
    public LeaseRequest? Lease { get; init; }
}
