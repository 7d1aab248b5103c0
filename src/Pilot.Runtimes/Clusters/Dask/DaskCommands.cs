using System.Globalization;

namespace Pilot.Runtimes.Clusters.Dask;

/// <summary>The exact command lines of a Dask cluster: scheduler, workers, and the probe that waits for the workers.</summary>
internal sealed class DaskCommands(ClusterOptions options)
{
    /// <summary>Waits until the scheduler in the file has the given number of workers; exits non-zero on timeout.</summary>
    public const string WaitForWorkersScript =
        "import sys\n"
        + "from distributed import Client\n"
        + "with Client(scheduler_file=sys.argv[1], timeout=float(sys.argv[3])) as client:\n"
        + "    client.wait_for_workers(int(sys.argv[2]), timeout=float(sys.argv[3]))\n"
        + "    print(len(client.scheduler_info()['workers']))\n";

    /// <summary>The scheduler picks free ports itself (0) and writes where it listens into the scheduler file.</summary>
    public PayloadCommand Scheduler(string host, string schedulerFile, IReadOnlyDictionary<string, string> environment, string directory) =>
        new(options.DaskScheduler, ["--host", host, "--port", "0", "--dashboard-address", ":0", "--scheduler-file", schedulerFile], environment, directory);

    /// <summary>Workers give up on their own if the scheduler is gone for a minute, so none lingers on a node the pilot cannot reach.</summary>
    public PayloadCommand Worker(string schedulerAddress, string node, DaskWorkerShape shape, IReadOnlyDictionary<string, string> environment, string directory)
    {
        List<string> arguments =
        [
            schedulerAddress,
            "--name", node,
            "--nworkers", Invariant(shape.Workers),
            "--nthreads", Invariant(shape.ThreadsPerWorker),
            "--memory-limit", shape.MemoryMbPerWorker > 0 ? $"{Invariant(shape.MemoryMbPerWorker)}MiB" : "0",
            "--local-directory", Path.Combine(directory, "worker-space"),
            "--no-dashboard",
            "--death-timeout", "60",
        ];
        if (shape.GpusPerNode > 0)
        {
            arguments.AddRange(["--resources", $"GPU={Invariant(Math.Max(1, shape.GpusPerNode / shape.Workers))}"]);
        }

        return new PayloadCommand(options.DaskWorker, arguments, environment, directory);
    }

    public PayloadCommand WaitForWorkers(string schedulerFile, int workers, TimeSpan timeout, string directory) =>
        new(options.Python, ["-c", WaitForWorkersScript, schedulerFile, Invariant(workers), Invariant((int)Math.Ceiling(timeout.TotalSeconds))],
            new Dictionary<string, string>(), directory);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
