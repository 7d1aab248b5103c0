using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.Dask;

/// <summary>The whole path: a cluster job submitted to a real server, leased by a real pilot running as a Slurm batch job.</summary>
[TestFixture]
[Category("Slurm")]
[Category("Dask")]
[Category("E2E")]
public sealed class DaskJobOnSlurmPilotTests
{
    [Test]
    public async Task DaskClusterJob_OnAPilotInsideSlurm_SucceedsWithTheComputedSum()
    {
        Requirements.That(File.Exists("/usr/bin/dask-worker"), "Debian's python3-distributed");
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        await using var pilot = await SlurmPilotJob.SubmitAsync(server, directory.Sub("agent"), cores: 2, "--nodes=1", "--cpus-per-task=2", "--mem=2048");
        var clientScript = directory.Sub("client.py");
        await File.WriteAllTextAsync(clientScript, DaskClusterTests.SumClient);

        var job = await server.Api.SubmitAsync(new JobSpec
        {
            Name = "dask-sum",
            Command = ["/usr/bin/python3", clientScript],
            Resources = new ResourceRequest { Cores = 2, MemoryMb = 1024, Walltime = TimeSpan.FromMinutes(5) },
            Cluster = new ClusterSpec { Type = ClusterSpec.DaskType, WorkersPerNode = 2, StartupTimeout = TimeSpan.FromMinutes(2) },
        });
        var done = await Eventually.UntilAsync(
            () => server.Api.GetJobAsync(job.Id),
            view => view.State is not (JobState.Queued or JobState.Running),
            TimeSpan.FromMinutes(3),
            "the Dask cluster job to finish");

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), $"{done.Reason}\n{done.LogTail}\n{pilot.Output}");
        using var log = await server.Api.GetLogAsync(job.Id);
        var text = await log.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("sum 4000000").And.Contain("workers 2"));
        Assert.That(text, Does.Contain("srun --nodes=1 --ntasks=1 --cpus-per-task=2 --nodelist=").And.Contain("dask cluster up at tcp://"));
        var leftovers = ProcessTable.Matching(Path.Combine(directory.Sub("agent"), "attempts"));
        Assert.That(leftovers, Is.Empty, string.Join("\n", leftovers.Select(pid => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '))));
    }
}
