using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

/// <summary>Distributed programs as users write them, from Debian's packages, over the three nodes of one pilot.</summary>
[TestFixture]
[Category("MultiNode")]
public sealed class DistributedPayloadTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Minute = TestBed.Minute;

    /// <summary>Reads only what Pilot sets (env:// initialisation: MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE).</summary>
    private const string DdpScript = """
        import os, torch, torch.distributed as dist
        from torch.nn.parallel import DistributedDataParallel
        dist.init_process_group("gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        torch.manual_seed(100 + rank)
        model = DistributedDataParallel(torch.nn.Linear(4, 1))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        for step in range(20):
            optimizer.zero_grad()
            x = torch.randn(16, 4)
            loss = torch.nn.functional.mse_loss(model(x), x.sum(1, keepdim=True))
            loss.backward()
            optimizer.step()
        weights = torch.cat([p.detach().flatten() for p in model.parameters()])
        everyone = [torch.zeros_like(weights) for _ in range(world)]
        dist.all_gather(everyone, weights)
        in_sync = all(torch.equal(w, everyone[0]) for w in everyone)
        print(f"rank {rank} of {world} on {os.uname().nodename} local {os.environ['LOCAL_RANK']}/{os.environ['LOCAL_WORLD_SIZE']} node {os.environ['NODE_RANK']} in_sync {in_sync} loss {loss.item():.4f}", flush=True)
        dist.destroy_process_group()
        """;

    private const string AllreduceScript = """
        import os
        from mpi4py import MPI
        world = MPI.COMM_WORLD
        print(f"rank {world.Get_rank()} of {world.Get_size()} on {os.uname().nodename} sum {world.allreduce(world.Get_rank() + 1)}", flush=True)
        """;

    private const string DaskScript = """
        import os, dask.array as da
        from dask.distributed import Client
        with Client(os.environ["DASK_SCHEDULER_ADDRESS"]) as client:
            client.wait_for_workers(3, timeout=60)
            hosts = sorted({w["host"] for w in client.scheduler_info()["workers"].values()})
            print("workers on", " ".join(hosts))
            print("sum", int(da.ones((3000, 3000), chunks=(500, 500)).sum().compute()))
        """;

    [Test]
    public async Task PyTorchDdpOverGloo_ThreeRanksOnThreeNodes_TrainsInSyncWithPilotsVariablesOnly()
    {
        Requirements.That(File.Exists("/usr/lib/python3/dist-packages/torch/__init__.py"), "Debian's python3-torch (scripts/install-deps.sh)");
        var (done, log) = await RunOnAThreeNodePilotAsync(new JobSpec
        {
            Name = "ddp",
            Command = [Python, "-c", DdpScript],
            // Gloo binds to the interface of its host name otherwise, which the namespace nodes resolve elsewhere.
            Environment = new Dictionary<string, string> { ["GLOO_SOCKET_IFNAME"] = "eth0" },
            Resources = new ResourceRequest { Nodes = 3, Tasks = 3, Cores = 1, Walltime = 3 * Minute },
        });
        var ranks = Lines(log, "rank ");

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(ranks, Has.Count.EqualTo(3), log);
        Assert.That(ranks.Select(words => words[5]).Order(), Is.EqualTo(new[] { "pn1", "pn2", "pn3" }), "one rank per node");
        Assert.That(ranks.Select(words => words[7]), Has.All.EqualTo("0/1"), "LOCAL_RANK/LOCAL_WORLD_SIZE");
        Assert.That(ranks.Select(words => words[9]).Order(), Is.EqualTo(new[] { "0", "1", "2" }), "NODE_RANK");
        Assert.That(ranks.Select(words => words[11]), Has.All.EqualTo("True"), "every rank holds the same weights after training");
    }

    [Test]
    public async Task MpiAllreduce_ThreeRanksOnThreeNodesWithPmix_GivesTheRightSum()
    {
        Requirements.That(File.Exists("/usr/lib/python3/dist-packages/mpi4py/__init__.py"), "Debian's python3-mpi4py and openmpi-bin (scripts/install-deps.sh)");
        var (done, log) = await RunOnAThreeNodePilotAsync(new JobSpec
        {
            Name = "allreduce",
            Command = [Python, "-c", AllreduceScript],
            Mpi = "pmix",
            Environment = new Dictionary<string, string>
            {
                ["OMPI_MCA_btl"] = "tcp,self",
                ["OMPI_MCA_btl_tcp_if_include"] = "eth0",
                ["OMPI_MCA_oob_tcp_if_include"] = "eth0",
            },
            Resources = new ResourceRequest { Nodes = 3, Tasks = 3, Cores = 1, Walltime = 2 * Minute },
        });
        var ranks = Lines(log, "rank ");

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(log, Does.Contain("--mpi=pmix"), "the step asks Slurm for PMIx");
        Assert.That(ranks.Select(words => words[5]).Order(), Is.EqualTo(new[] { "pn1", "pn2", "pn3" }), log);
        Assert.That(ranks.Select(words => words[7]), Has.All.EqualTo("6"), "1 + 2 + 3 on every rank");
    }

    [Test]
    public async Task DaskClusterJob_WorkersOnThreeNodes_ComputesTheSum()
    {
        var (done, log) = await RunOnAThreeNodePilotAsync(new JobSpec
        {
            Name = "dask",
            Command = [Python, "-c", DaskScript],
            Resources = new ResourceRequest { Nodes = 3, Cores = 1, MemoryMb = 1000, Walltime = 3 * Minute },
            Cluster = new ClusterSpec { Type = "dask", Nodes = 3, WorkersPerNode = 1, StartupTimeout = 2 * Minute },
        });

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(log, Does.Contain("workers on 10.251.0.11 10.251.0.12 10.251.0.13"), "one worker on each node's own address");
        Assert.That(log, Does.Contain("sum 9000000"));
    }

    /// <summary>Runs <paramref name="spec"/> on a pilot of three 2-core nodes; returns the job as it ended and its log.</summary>
    private static async Task<(JobView Done, string Log)> RunOnAThreeNodePilotAsync(JobSpec spec)
    {
        await using var bed = await TestBed.StartAsync();
        var job = (await bed.SubmitAsync(spec)).Single();
        await bed.SubmitPilotAsync(cores: 2, "--idle-timeout", "5s");
        var done = (await bed.UntilAsync([job], view => view.FinishedAt is not null, $"job {spec.Name} to end", 4 * Minute)).Single();
        return (done, await bed.LogAsync(job));
    }

    private static List<string[]> Lines(string log, string prefix) =>
        [.. log.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line.Trim().Split(' '))];
}
