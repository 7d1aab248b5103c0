namespace Pilot.Runtimes.Clusters;

/// <summary>The nodes a cluster job runs on. The first is this pilot's own node; inside Slurm the others are reached with srun.</summary>
public sealed record ClusterPlacement
{
    public required IReadOnlyList<string> Nodes { get; init; }

    /// <summary>The Slurm job holding the nodes; null outside Slurm, where only this node can be used.</summary>
    public string? BatchJobId { get; init; }

    /// <summary>Cores of one whole node; a cluster node advertises only the job's share of it.</summary>
    public int MachineCores { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory of one whole node in MB; 0 when unknown (then no memory is held back from the cluster).</summary>
    public long MachineMemoryMb { get; init; }

    /// <summary>Address the cluster's head listens on, reachable from every node; loopback on a lone node outside Slurm.</summary>
    public string HeadAddress => BatchJobId is null && Nodes.Count == 1 ? "127.0.0.1" : Nodes[0];

    /// <summary>This node alone, outside any batch system.</summary>
    public static ClusterPlacement Local(string hostname) => new() { Nodes = [hostname] };
}
