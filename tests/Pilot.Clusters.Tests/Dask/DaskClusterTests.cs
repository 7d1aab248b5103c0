using Pilot.Contracts;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.Dask;

/// <summary>Real Dask clusters from Debian's python3-distributed on this node, outside Slurm.</summary>
[TestFixture]
[Category("Dask")]
public sealed class DaskClusterTests
{
    public const string SumClient = """
        import os
        import dask.array as da
        from dask.distributed import Client
        with Client(os.environ["DASK_SCHEDULER_ADDRESS"]) as client:
            x = da.ones((2000, 2000), chunks=(500, 500))
            print("sum", int(x.sum().compute()))
            print("workers", len(client.scheduler_info()["workers"]))
        """;

    [SetUp]
    public void RequireDask()
    {
        Requirements.That(File.Exists("/usr/bin/dask-scheduler") && File.Exists("/usr/bin/dask-worker"), "Debian's python3-distributed (/usr/bin/dask-scheduler, /usr/bin/dask-worker)");
    }

    [Test]
    public async Task RunAsync_ArraySumClient_GetsTheSumFromTwoWorkersAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "client.py"], workersPerNode: 2));
        attempt.WriteFile("client.py", SumClient);

        var result = await attempt.RunAsync();

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded), attempt.LogText);
        Assert.That(attempt.LogText, Does.Contain("sum 4000000").And.Contain("workers 2").And.Contain("cluster stopped"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public async Task RunAsync_ClientFails_IsAPayloadFailureAndTheClusterIsStopped()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "import os, sys; print(os.environ['DASK_SCHEDULER_ADDRESS']); sys.exit(3)"]));

        var result = await attempt.RunAsync();

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(attempt.LogText, Does.Match("tcp://127\\.0\\.0\\.1:[0-9]+"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public async Task RunAsync_EvictedWhileClientRuns_IsEvictedAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print('client running', flush=True); import time; time.sleep(300)"]));

        var running = attempt.RunAsync();
        await Eventually.UntilAsync(() => attempt.LogText.Contains("client running", StringComparison.Ordinal) || running.IsCompleted, TimeSpan.FromSeconds(60), "the client to start");
        attempt.Control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(2));
        var result = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Evicted), attempt.LogText);
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public async Task KillLeftovers_AfterTheAgentDied_EndsTheWholeClusterByTheAttemptsMarker()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print('client running', flush=True); import time; time.sleep(300)"]));
        var running = attempt.RunAsync();
        await Eventually.UntilAsync(() => attempt.LogText.Contains("client running", StringComparison.Ordinal) || running.IsCompleted, TimeSpan.FromSeconds(60), "the client to start");

        // What an agent restarted on the same work directory does for an attempt its killed predecessor left.
        var killed = await AttemptCleanup.KillLeftoversAsync(attempt.LeaseId, null, TimeProvider.System);
        await running;

        Assert.That(killed, Is.GreaterThanOrEqualTo(3), "client, scheduler and worker");
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public async Task RunAsync_CancelledWhileStarting_IsCancelledAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print(1)"]));

        var running = attempt.RunAsync();
        await Eventually.UntilAsync(() => attempt.LogText.Contains("starting dask-scheduler", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the scheduler to start");
        attempt.Control.RequestStop(StopReason.Cancelled, TimeSpan.FromSeconds(2));
        var result = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Cancelled), attempt.LogText);
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public void RunAsync_WorkersNeverRegister_FailsSetupWithTheReasonAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print(1)"], startupTimeout: TimeSpan.FromSeconds(4)));
        var silentWorker = Path.Combine(attempt.Scratch, "silent-worker");
        attempt.WriteFile("silent-worker", "#!/bin/sh\nexec sleep 300\n");
        File.SetUnixFileMode(silentWorker, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var failure = Assert.ThrowsAsync<SetupFailedException>(() => attempt.RunAsync(new ClusterOptions { DaskWorker = silentWorker }));

        Assert.That(failure!.Message, Does.Contain("did not").And.Contain("within"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public async Task RunAsync_WaitingForWorkers_TheReadinessProbeCarriesTheAttemptsMarker_AndEndsWithTheAttempt()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print(1)"], startupTimeout: TimeSpan.FromSeconds(60)));
        var silentWorker = Path.Combine(attempt.Scratch, "silent-worker");
        attempt.WriteFile("silent-worker", "#!/bin/sh\nexec sleep 300\n");
        File.SetUnixFileMode(silentWorker, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var running = attempt.RunAsync(new ClusterOptions { DaskWorker = silentWorker });
        await Eventually.UntilAsync(() => Probes(attempt.LeaseId).Count == 1, TimeSpan.FromSeconds(30), "the readiness probe to run with the attempt's marker");
        attempt.Control.RequestStop(StopReason.Cancelled, TimeSpan.FromSeconds(2));
        var result = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Cancelled), attempt.LogText);
        Assert.That(Probes(attempt.LeaseId), Is.Empty, "a marked probe is found and killed with its attempt, also by a restarted agent's sweep");
    }

    [Test]
    public void RunAsync_WorkerCannotStart_FailsSetupAtOnceNamingTheWorker()
    {
        using var attempt = new ClusterAttempt(Job(["/usr/bin/python3", "-c", "print(1)"]));

        var failure = Assert.ThrowsAsync<SetupFailedException>(() => attempt.RunAsync(new ClusterOptions { DaskWorker = "/bin/false" }));

        Assert.That(failure!.Message, Does.Contain("the Dask cluster broke while starting").And.Contain("dask-worker-"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    private static List<int> Probes(string marker) =>
        [.. ProcessTable.Matching(marker).Where(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("wait_for_workers", StringComparison.Ordinal))];

    public static JobSpec Job(IReadOnlyList<string> command, int workersPerNode = 1, TimeSpan? startupTimeout = null) => new()
    {
        Command = command,
        Resources = new ResourceRequest { Cores = 2, MemoryMb = 1024 },
        Cluster = new ClusterSpec { Type = ClusterSpec.DaskType, WorkersPerNode = workersPerNode, StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(60) },
    };
}
