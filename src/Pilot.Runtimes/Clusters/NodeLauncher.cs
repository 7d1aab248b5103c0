using Pilot.Slurm.Steps;

namespace Pilot.Runtimes.Clusters;

/// <summary>
/// Starts a cluster daemon on one node of the placement: directly on this node outside Slurm; inside Slurm as a job
/// step on exactly that node, sharing the allocation's CPUs with the cluster's other daemons.
/// </summary>
internal static class NodeLauncher
{
    public static PayloadCommand On(ClusterPlacement placement, string node, PayloadCommand command, int cores)
    {
        if (placement.BatchJobId is not { } jobId)
        {
            return node == placement.Nodes[0]
                ? command
                : throw new SetupFailedException($"cannot start a cluster daemon on {node}: outside Slurm this pilot only has its own node");
        }

        return command.InStep(new SrunStep { NodeNames = [node], CoresPerTask = cores, Overlap = true, Name = "pilot-cluster" }, jobId);
    }
}
