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

    /// <summary>Cores of each node of <see cref="NodeNames"/>, in the same order; empty when the nodes are alike.</summary>
    public IReadOnlyList<int> CoresPerNode { get; init; } = [];

    /// <summary>The allocation's nodes by their batch-system names, this pilot's own node first; this host alone outside Slurm.</summary>
    public IReadOnlyList<string> NodesOwnFirst
    {
        get
        {
            var own = NodeNames.FirstOrDefault(IsThisHost) ?? Hostname;
            return [own, .. NodeNames.Where(n => n != own)];
        }
    }

    /// <summary>GPU indices the payloads may use.</summary>
    public IReadOnlyList<int> GpuIds { get; init; } = [];

    /// <summary>Where the facts came from, for the log ("machine", "slurm").</summary>
    public string Source { get; init; } = "machine";

    /// <summary>Cores of each node of <see cref="NodesOwnFirst"/>, when the batch system said so per node; null otherwise.</summary>
    public IReadOnlyList<int>? CoresPerNodeOwnFirst
    {
        get
        {
            if (CoresPerNode.Count != NodeNames.Count || NodeNames.Count == 0)
            {
                return null;
            }

            var cores = NodeNames.Zip(CoresPerNode).ToDictionary(node => node.First, node => node.Second);
            return [.. NodesOwnFirst.Select(node => cores.GetValueOrDefault(node))];
        }
    }

    /// <summary>Slurm may name a node by its short host name or its full one.</summary>
    private bool IsThisHost(string node) =>
        node == Hostname || Hostname.StartsWith(node + ".", StringComparison.Ordinal) || node.StartsWith(Hostname + ".", StringComparison.Ordinal);
}
