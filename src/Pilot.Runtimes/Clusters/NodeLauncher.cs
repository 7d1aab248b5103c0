namespace Pilot.Runtimes.Clusters;

/// <summary>Starts a cluster daemon on one node of the placement: directly on this node outside Slurm, as a job step with srun inside it.</summary>
internal static class NodeLauncher
{
    public static PayloadCommand On(ClusterPlacement placement, string node, PayloadCommand command)
    {
        if (placement.BatchJobId is null)
        {
            return node == placement.Nodes[0]
                ? command
                : throw new SetupFailedException($"cannot start a cluster daemon on {node}: outside Slurm this pilot only has its own node");
        }

        return command;
    }
}
