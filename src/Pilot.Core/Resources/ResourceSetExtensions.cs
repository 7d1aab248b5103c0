using Pilot.Contracts;

namespace Pilot.Core.Resources;

public static class ResourceSetExtensions
{
    /// <summary>What the job needs on each of its nodes: cores, memory and GPUs are asked per node, as Slurm's <c>--mem</c> is.</summary>
    public static ResourceRequest PerNode(this ResourceRequest request) => request with { Nodes = 1 };

    /// <summary>The tasks the job starts: as many as it asked for, or one per node.</summary>
    public static int TaskCount(this ResourceRequest request) => request.Tasks > 0 ? request.Tasks : request.Nodes;

    /// <summary>Each task's cores: the node's cores shared by the tasks on that node.</summary>
    public static int CoresPerTask(this ResourceRequest request) => request.Cores * request.Nodes / request.TaskCount();

    public static bool Fits(this ResourceSet free, ResourceRequest request) =>
        request.Cores <= free.Cores && request.MemoryMb <= free.MemoryMb && request.Gpus <= free.Gpus && request.Nodes <= free.Nodes;

    /// <summary>What is left after <paramref name="request"/> is taken; nodes are not consumed by single-node jobs.</summary>
    public static ResourceSet Minus(this ResourceSet free, ResourceRequest request) =>
        free with { Cores = free.Cores - request.Cores, MemoryMb = free.MemoryMb - request.MemoryMb, Gpus = free.Gpus - request.Gpus };

    public static ResourceSet Plus(this ResourceSet free, ResourceRequest request) =>
        free with { Cores = free.Cores + request.Cores, MemoryMb = free.MemoryMb + request.MemoryMb, Gpus = free.Gpus + request.Gpus };
}
