using Pilot.Contracts;
using Pilot.Runtimes.Clusters;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.Dask;

/// <summary>Dask workers started with srun as job steps inside a real Slurm allocation (scripts/services/slurm.sh).</summary>
[TestFixture]
[Category("Slurm")]
[Category("Dask")]
public sealed class DaskOnSlurmTests
{
    [Test]
    public async Task RunAsync_InsideASlurmAllocation_WorkersRunAsJobStepsAndTheSumIsRight()
    {
        Requirements.That(File.Exists("/usr/bin/dask-worker"), "Debian's python3-distributed");
        await using var allocation = await SlurmHolderJob.StartAsync(cores: 2);
        using var attempt = new ClusterAttempt(DaskClusterTests.Job(["/usr/bin/python3", "client.py"], workersPerNode: 2));
        attempt.WriteFile("client.py", DaskClusterTests.SumClient);
        var placement = new ClusterPlacement { Nodes = [allocation.Node], BatchJobId = allocation.JobId };

        var result = await attempt.RunAsync(placement: placement);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded), attempt.LogText);
        Assert.That(attempt.LogText, Does.Contain($"srun --nodes=1 --ntasks=1 --cpus-per-task=2 --nodelist={allocation.Node} --overlap"));
        Assert.That(attempt.LogText, Does.Contain("sum 4000000").And.Contain("workers 2"));
        Assert.That(attempt.LogText, Does.Contain($"dask-scheduler --host {allocation.Node} --port 0"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }
}
