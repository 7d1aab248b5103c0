using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

/// <summary>Every test here runs on the multi-node cluster of scripts/services/slurm-cluster.sh: its Slurm commands, its nodes.</summary>
[SetUpFixture]
public sealed class MultiNodeCluster
{
    [OneTimeSetUp]
    public void UseTheCluster() => SlurmCluster.MultiNode.Use();
}
