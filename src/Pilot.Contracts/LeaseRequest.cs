namespace Pilot.Contracts;

/// <summary>A pilot asking for work that fits what it has free now.</summary>
public sealed record LeaseRequest
{
    public required ResourceSet Free { get; init; }

    /// <summary>What each node of the pilot has free, its own node first; null for a pilot on one node (then <see cref="Free"/> is that node).</summary>
    public IReadOnlyList<ResourceSet>? FreeNodes { get; init; }

    /// <summary>Time the pilot can still give a payload; null when it has no deadline.</summary>
    public int? WalltimeLeftSeconds { get; init; }

    public int MaxJobs { get; init; } = 1;

    /// <summary>How long the server may hold the request open waiting for work (long poll).</summary>
    public int WaitSeconds { get; init; }
}
