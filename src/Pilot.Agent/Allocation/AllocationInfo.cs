using Pilot.Contracts;

namespace Pilot.Agent.Allocation;

/// <summary>What this pilot was given to run payloads on.</summary>
public sealed record AllocationInfo
{
    public required string Hostname { get; init; }

    public required ResourceSet Resources { get; init; }

    /// <summary>When the allocation ends; null when nothing limits the pilot's life.</summary>
    public DateTimeOffset? WalltimeEnd { get; init; }

    public string? BatchJobId { get; init; }

    public IReadOnlyList<string> NodeNames { get; init; } = [];

    /// <summary>GPU indices the payloads may use.</summary>
    public IReadOnlyList<int> GpuIds { get; init; } = [];

    /// <summary>Where the facts came from, for the log ("machine", "slurm").</summary>
    public string Source { get; init; } = "machine";
}
