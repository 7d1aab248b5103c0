using Pilot.Contracts;

namespace Pilot.Runtimes.Clusters.Dask;

/// <summary>How one node's share of the job is cut into Dask worker processes: threads and memory per worker.</summary>
internal sealed record DaskWorkerShape(int Workers, int ThreadsPerWorker, long MemoryMbPerWorker, int GpusPerNode)
{
    public static DaskWorkerShape For(ResourceRequest perNode, int workersPerNode) =>
        new(workersPerNode, Math.Max(1, perNode.Cores / workersPerNode), perNode.MemoryMb / workersPerNode, perNode.Gpus);
}
