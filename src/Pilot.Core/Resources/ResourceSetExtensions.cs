using Pilot.Contracts;

namespace Pilot.Core.Resources;

public static class ResourceSetExtensions
{
    /// <summary>A job's request as an amount of compute.</summary>
    public static ResourceSet AsSet(this ResourceRequest request) =>
        new() { Cores = request.Cores, MemoryMb = request.MemoryMb, Gpus = request.Gpus, Nodes = request.Nodes };

    public static bool Fits(this ResourceSet free, ResourceRequest request) =>
        request.Cores <= free.Cores && request.MemoryMb <= free.MemoryMb && request.Gpus <= free.Gpus && request.Nodes <= free.Nodes;

    /// <summary>What is left after <paramref name="request"/> is taken; nodes are not consumed by single-node jobs.</summary>
    public static ResourceSet Minus(this ResourceSet free, ResourceRequest request) =>
        free with { Cores = free.Cores - request.Cores, MemoryMb = free.MemoryMb - request.MemoryMb, Gpus = free.Gpus - request.Gpus };
}
