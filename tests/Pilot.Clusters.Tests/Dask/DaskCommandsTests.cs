using Pilot.Contracts;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Clusters.Dask;

namespace Pilot.Clusters.Tests.Dask;

[TestFixture]
public sealed class DaskCommandsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly DaskCommands _commands = new(new ClusterOptions());

    [Test]
    public void Scheduler_PicksFreePortsAndWritesTheSchedulerFile()
    {
        var command = _commands.Scheduler("node1", "/scratch/dask/scheduler.json", NoEnvironment, "/scratch/dask");

        Assert.That(command.ToString(), Is.EqualTo(
            "/usr/bin/dask-scheduler --host node1 --port 0 --dashboard-address :0 --scheduler-file /scratch/dask/scheduler.json"));
    }

    [Test]
    public void Worker_SplitsTheNodesCoresAndMemoryBetweenWorkers()
    {
        var shape = DaskWorkerShape.For(new ResourceRequest { Cores = 8, MemoryMb = 16000 }, workersPerNode: 2);

        var command = _commands.Worker("tcp://node1:40001", "node2", shape, NoEnvironment, "/scratch/dask");

        Assert.That(command.ToString(), Is.EqualTo(
            "/usr/bin/dask-worker tcp://node1:40001 --name node2 --nworkers 2 --nthreads 4 --memory-limit 8000MiB "
            + "--local-directory /scratch/dask/worker-space --no-dashboard --death-timeout 60"));
    }

    [Test]
    public void Worker_WithGpusAndNoMemoryLimit_AdvertisesGpusAsAResource()
    {
        var shape = DaskWorkerShape.For(new ResourceRequest { Cores = 1, Gpus = 2 }, workersPerNode: 1);

        var command = _commands.Worker("tcp://n:1", "n", shape, NoEnvironment, "/d");

        Assert.That(command.Arguments, Is.SupersetOf(new[] { "--nthreads", "1", "--memory-limit", "0", "--resources", "GPU=2" }));
    }

    [Test]
    public void WaitForWorkers_RunsTheProbeWithTheConfiguredPython()
    {
        var command = new DaskCommands(new ClusterOptions { Python = "/opt/py/bin/python3" })
            .WaitForWorkers("/d/scheduler.json", 4, TimeSpan.FromSeconds(90.5), "/d");

        Assert.That(command.Program, Is.EqualTo("/opt/py/bin/python3"));
        Assert.That(command.Arguments, Is.EqualTo(new[] { "-c", DaskCommands.WaitForWorkersScript, "/d/scheduler.json", "4", "91" }));
    }
}
