using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Queue;

/// <summary>
/// <c>bench queue</c>: the server in this process on loopback, N simulated pilots leasing no-op jobs and reporting
/// them for a fixed time, on SQLite and PostgreSQL side by side: paced (each pilot asks once per interval, as pilots
/// whose payloads take that long do) and saturated (each asks again at once: the server's capacity); then the cost of
/// one lease with a short and a long queue. Bounded in time, loopback only.
/// </summary>
internal static class QueueBenchmark
{
    private static readonly bool[] PacedThenSaturated = [true, false];

    private static readonly ResourceSet Node = new() { Cores = 64, MemoryMb = 256_000, Nodes = 1 };

    public static Command Create()
    {
        var pilots = new Option<int[]>("--pilots") { Description = "simulated pilot counts", DefaultValueFactory = _ => [10, 100, 1000], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<int>("--seconds") { Description = "how long each point runs", DefaultValueFactory = _ => 10 };
        var depths = new Option<int[]>("--queued") { Description = "queue depths for the lease-cost comparison", DefaultValueFactory = _ => [10_000, 1_000_000], AllowMultipleArgumentsPerToken = true };
        var interval = new Option<double>("--interval") { Description = "seconds between a paced pilot's lease calls", DefaultValueFactory = _ => 1.0 };
        var backends = new Option<StorageBackend[]>("--backend") { Description = "sqlite, postgre-sql", DefaultValueFactory = _ => [StorageBackend.Sqlite, StorageBackend.PostgreSql], AllowMultipleArgumentsPerToken = true };
        var command = new Command("queue", "Lease throughput and latency with 10/100/1000 simulated pilots, SQLite vs PostgreSQL, and lease cost by queue depth")
        {
            pilots, seconds, interval, depths, backends,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pace = TimeSpan.FromSeconds(parse.GetValue(interval));
            var rows = new List<string> { "| backend | pilots | pilots lease | leases/s | p50 ms | p99 ms |", "| --- | ---: | --- | ---: | ---: | ---: |" };
            foreach (var backend in parse.GetValue(backends)!)
            {
                foreach (var count in parse.GetValue(pilots)!)
                {
                    foreach (var paced in PacedThenSaturated)
                    {
                        var result = await RunLoadAsync(backend, count, TimeSpan.FromSeconds(parse.GetValue(seconds)), paced ? pace : TimeSpan.Zero, cancellationToken);
                        var how = paced ? $"every {pace.TotalSeconds:0.##} s" : "at once again";
                        rows.Add($"| {Name(backend)} | {count} | {how} | {result.PerSecond:0} | {result.P50:0.0} | {result.P99:0.0} |");
                        Console.WriteLine(rows[^1]);
                    }
                }
            }

            var cost = new List<string> { "| backend | queued jobs | lease p50 ms | lease p99 ms |", "| --- | ---: | ---: | ---: |" };
            foreach (var backend in parse.GetValue(backends)!)
            {
                foreach (var depth in parse.GetValue(depths)!)
                {
                    var result = await RunDepthAsync(backend, depth, cancellationToken);
                    cost.Add($"| {Name(backend)} | {depth:N0} | {result.P50:0.00} | {result.P99:0.00} |");
                    Console.WriteLine(cost[^1]);
                }
            }

            Console.WriteLine();
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            cost.ForEach(Console.WriteLine);
            return 0;
        });
        return command;
    }

    private static string Name(StorageBackend backend) => backend == StorageBackend.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>
    /// <paramref name="pilots"/> pilots lease one job at a time and report it at once, until <paramref name="duration"/>
    /// is up; each starts its next lease <paramref name="pace"/> after the previous one (at a random phase), or at once.
    /// </summary>
    private static async Task<Latencies> RunLoadAsync(StorageBackend backend, int pilots, TimeSpan duration, TimeSpan pace, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(backend, cancellationToken);
        await server.QueueAsync(Math.Max(50_000, pilots * 100), cancellationToken);
        var api = server.Client();
        var ids = await Task.WhenAll(Enumerable.Range(0, pilots).Select(i => api.RegisterAsync(Registration($"sim{i}"), cancellationToken)));
        var samples = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var next = pace * Random.Shared.NextDouble();
            while (clock.Elapsed < duration)
            {
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed, cancellationToken);
                }

                next += pace;
                var started = Stopwatch.GetTimestamp();
                var leased = await api.LeaseAsync(id.PilotId, new LeaseRequest { Free = Node, MaxJobs = 1 }, cancellationToken);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                foreach (var job in leased.Jobs)
                {
                    await api.ReportAsync(job.LeaseId, new AttemptReport { FencingToken = job.FencingToken, Outcome = AttemptOutcome.Succeeded, ExitCode = 0, FinishedAt = DateTimeOffset.UtcNow }, cancellationToken);
                }
            }
        }, cancellationToken)));
        return Latencies.Of(samples, clock.Elapsed);
    }

    /// <summary>One pilot, one lease at a time, with <paramref name="depth"/> jobs queued: does a lease cost more when the queue is long?</summary>
    private static async Task<Latencies> RunDepthAsync(StorageBackend backend, int depth, CancellationToken cancellationToken)
    {
        await using var server = await BenchServer.StartAsync(backend, cancellationToken);
        await server.QueueAsync(depth, cancellationToken);
        var api = server.Client();
        var pilot = (await api.RegisterAsync(Registration("depth"), cancellationToken)).PilotId;
        var samples = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var leased = await api.LeaseAsync(pilot, new LeaseRequest { Free = Node, MaxJobs = 1 }, cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var job = leased.Jobs.Single();
            await api.ReportAsync(job.LeaseId, new AttemptReport { FencingToken = job.FencingToken, Outcome = AttemptOutcome.Succeeded, ExitCode = 0, FinishedAt = DateTimeOffset.UtcNow }, cancellationToken);
        }

        return Latencies.Of(samples, clock.Elapsed);
    }

    private static PilotRegistration Registration(string host) => new() { Hostname = host, Resources = Node, Runtimes = ["process"] };
}
