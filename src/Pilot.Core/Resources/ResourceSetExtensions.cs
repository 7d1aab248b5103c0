using Pilot.Contracts;

namespace Pilot.Core.Resources;

public static class ResourceSetExtensions
{
    /// <summary>What the job needs on each of its nodes: an even share of its request (memory rounded up).</summary>
    public static ResourceRequest PerNode(this ResourceRequest request) =>
        request.Nodes <= 1
            ? request
            : request with
            {
                Cores = request.Cores / request.Nodes,
                MemoryMb = (request.MemoryMb + request.Nodes - 1) / request.Nodes,
                Gpus = request.Gpus / request.Nodes,
                Nodes = 1,
            };

    /// <summary>The tasks the job starts: as many as it asked for, or one per node.</summary>
    public static int TaskCount(this ResourceRequest request) => request.Tasks > 0 ? request.Tasks : request.Nodes;

    public static bool Fits(this ResourceSet free, ResourceRequest request) =>
        request.Cores <= free.Cores && request.MemoryMb <= free.MemoryMb && request.Gpus <= free.Gpus && request.Nodes <= free.Nodes;

    /// <summary>What is left after <paramref name="request"/> is taken; nodes are not consumed by single-node jobs.</summary>
    public static ResourceSet Minus(this ResourceSet free, ResourceRequest request) =>
        free with { Cores = free.Cores - request.Cores, MemoryMb = free.MemoryMb - request.MemoryMb, Gpus = free.Gpus - request.Gpus };

    public static ResourceSet Plus(this ResourceSet free, ResourceRequest request) =>
        free with { Cores = free.Cores + request.Cores, MemoryMb = free.MemoryMb + request.MemoryMb, Gpus = free.Gpus + request.Gpus };
}
