using System.CommandLine;
using System.Diagnostics;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Queue;

/// <summary>
/// <c>bench scaling</c>: HyperQueue's strong-scaling experiment, simulated: N agents × C cores take one array of tasks
/// that "run" for a fixed time, through the exchange (reports and leases in one request); tasks per second, makespan
/// against the ideal and this process's CPU per task; then the same with 0-ms tasks. Also submission: one array against
/// individual calls. SQLite and PostgreSQL side by side.
/// </summary>
internal static class ScalingBenchmark
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { DefaultValueFactory = _ => 64 };
        var cores = new Option<int>("--cores") { DefaultValueFactory = _ => 128 };
        var tasks = new Option<int>("--tasks") { DefaultValueFactory = _ => 200_000 };
        var backends = new Option<StorageBackend[]>("--backend") { DefaultValueFactory = _ => [StorageBackend.Sqlite, StorageBackend.PostgreSql], AllowMultipleArgumentsPerToken = true };
        var command = new Command("scaling", "Simulated strong scaling (64 agents x 128 cores, 200 000 tasks of 100 ms, then 0 ms) and array vs individual submission")
        {
            agents, cores, tasks, backends,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rows = new List<string>
            {
                "| backend | task | tasks | tasks/s | makespan s | ideal s | CPU ms/task (whole bench process) |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            };
            var submission = new List<string> { "| backend | jobs | how | jobs/s |", "| --- | ---: | --- | ---: |" };
            foreach (var backend in parse.GetValue(backends)!)
            {
                submission.AddRange(await SubmissionAsync(backend, parse.GetValue(tasks), cancellationToken));
                Console.WriteLine(submission[^1]);
                foreach (var taskTime in new[] { TimeSpan.FromMilliseconds(100), TimeSpan.Zero })
                {
                    rows.Add(await RunAsync(backend, parse.GetValue(agents), parse.GetValue(cores), parse.GetValue(tasks), taskTime, cancellationToken));
                    Console.WriteLine(rows[^1]);
                }
            }

            Console.WriteLine();
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            submission.ForEach(Console.WriteLine);
            return 0;
        });
        return command;
    }

    private static string Name(StorageBackend backend) => backend == StorageBackend.Sqlite ? "SQLite" : "PostgreSQL";

    private static JobSpec Task() => new() { Command = ["true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(1) } };

    private static async Task<string> RunAsync(StorageBackend backend, int agents, int cores, int tasks, TimeSpan taskTime, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(backend, cancellationToken);
        var api = server.Client();
        await server.UserClient().SubmitBatchAsync(new JobBatch { Template = Task(), Array = new ArrayRange(1, tasks) }, cancellationToken);
        var node = new ResourceSet { Cores = cores, MemoryMb = 1_000_000, Nodes = 1 };
        var ids = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, agents).Select(i =>
            api.RegisterAsync(new PilotRegistration { Hostname = $"sim{i}", Resources = node, Runtimes = ["process"] }, cancellationToken)));
        var simulated = ids.Select(id => new SimulatedAgent(api, id.PilotId, cores, taskTime)).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await System.Threading.Tasks.Task.WhenAll(simulated.Select(agent => System.Threading.Tasks.Task.Run(() => agent.RunAsync(() => simulated.Sum(a => a.Reported) >= tasks, cancellationToken), cancellationToken)));
        var makespan = clock.Elapsed.TotalSeconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var ideal = tasks * taskTime.TotalSeconds / (agents * cores);
        return $"| {Name(backend)} | {taskTime.TotalMilliseconds:0} ms | {tasks:N0} | {tasks / makespan:N0} | {makespan:0.00} | {ideal:0.00} | {used / tasks:0.000} |";
    }

    /// <summary>One array of <paramref name="count"/> jobs in one request, against jobs one request each (timed on a sample).</summary>
    private static async Task<string[]> SubmissionAsync(StorageBackend backend, int count, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(backend, cancellationToken);
        var api = server.UserClient();
        var clock = Stopwatch.StartNew();
        await api.SubmitBatchAsync(new JobBatch { Template = Task(), Array = new ArrayRange(1, count) }, cancellationToken);
        var array = count / clock.Elapsed.TotalSeconds;
        const int sample = 2000;
        clock.Restart();
        await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(_ => System.Threading.Tasks.Task.Run(async () =>
        {
            for (var i = 0; i < sample / 8; i++)
            {
                await api.SubmitAsync(Task(), cancellationToken);
            }
        }, cancellationToken)));
        var single = sample / clock.Elapsed.TotalSeconds;
        return
        [
            $"| {Name(backend)} | {count:N0} | one array request | {array:N0} |",
            $"| {Name(backend)} | {sample:N0} | one request each (8 in parallel) | {single:N0} |",
        ];
    }
}
