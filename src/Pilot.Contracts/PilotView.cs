namespace Pilot.Contracts;

public sealed record PilotView
{
    public required string Id { get; init; }

    public required string Hostname { get; init; }

    public string? Site { get; init; }

    public required string State { get; init; }

    public required ResourceSet Resources { get; init; }

    public ResourceSet? Free { get; init; }

    public required IReadOnlyList<string> Runtimes { get; init; }

    /// <summary>The queues the pilot takes work from; empty for every queue.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    public DateTimeOffset? WalltimeEnd { get; init; }

    public string? BatchJobId { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public required DateTimeOffset LastHeartbeat { get; init; }

    public int RunningJobs { get; init; }

    /// <summary>Why the pilot drains, as it said in its heartbeat.</summary>
    public string? DrainReason { get; init; }

    /// <summary>The pilot judged its node broken; the provisioner keeps new pilot jobs off it for a while.</summary>
    public bool NodeBroken { get; init; }

    /// <summary>Nodes of its allocation the pilot lost and no longer places work on, as its heartbeats said.</summary>
    public IReadOnlyList<string> LostNodes { get; init; } = [];
}
