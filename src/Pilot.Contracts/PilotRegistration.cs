namespace Pilot.Contracts;

/// <summary>What a pilot tells the server when it starts: what it was given and what it can run.</summary>
public sealed record PilotRegistration
{
    public required string Hostname { get; init; }

    public string? Site { get; init; }

    public required ResourceSet Resources { get; init; }

    public required IReadOnlyList<string> Runtimes { get; init; }

    /// <summary>Queues this pilot serves; empty serves every queue.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>When the allocation ends; null for a pilot without a deadline.</summary>
    public DateTimeOffset? WalltimeEnd { get; init; }

    public string? BatchJobId { get; init; }

    public IReadOnlyList<string> NodeNames { get; init; } = [];

    public string? Version { get; init; }
}
