using System.CommandLine;
using System.Diagnostics;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Servers;

/// <summary>
/// <c>bench servers</c>: 1, 2 and 3 real <c>pilot server</c> processes on one fresh PostgreSQL schema, simulated
/// pilots spread over them (as a load balancer would) leasing and reporting no-op jobs as fast as they are answered:
/// jobs per second by server count. Then the failover: the leader is killed (-9) and the time until another server
/// leads is measured. Loopback only, bounded in time.
/// </summary>
internal static class ServersBenchmark
{
    private static readonly ResourceSet Node = new() { Cores = 64, MemoryMb = 256_000, Nodes = 1 };

    public static Command Create()
    {
        var servers = new Option<int[]>("--servers") { Description = "server counts", DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
        var pilots = new Option<int>("--pilots") { Description = "simulated pilots, spread over the servers", DefaultValueFactory = _ => 60 };
        var seconds = new Option<int>("--seconds") { Description = "how long each point runs", DefaultValueFactory = _ => 10 };
        var jobs = new Option<int>("--jobs") { Description = "no-op jobs queued before each point (more than it can run)", DefaultValueFactory = _ => 6000 };
        var command = new Command("servers", "Throughput with 1/2/3 servers sharing one PostgreSQL, and the time a killed leader takes to be replaced")
        {
            servers, pilots, seconds, jobs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rows = new List<string> { "| servers | pilots | jobs/s | ratio to 1 server |", "| ---: | ---: | ---: | ---: |" };
            double? single = null;
            foreach (var count in parse.GetValue(servers)!)
            {
                await using var cluster = await BenchCluster.StartAsync(count);
                await cluster.QueueAsync(parse.GetValue(jobs), cancellationToken);
                var perSecond = await RunAsync(cluster, parse.GetValue(pilots), TimeSpan.FromSeconds(parse.GetValue(seconds)), cancellationToken);
                single ??= perSecond;
                rows.Add($"| {count} | {parse.GetValue(pilots)} | {perSecond:0} | {perSecond / single:0.00} |");
                Console.WriteLine(rows[^1]);
            }

            await using (var cluster = await BenchCluster.StartAsync(3))
            {
                var takeovers = new List<double>();
                for (var i = 0; i < 2; i++)
                {
                    takeovers.Add((await cluster.KillLeaderAsync(cancellationToken)).TotalSeconds);
                }

                Console.WriteLine();
                rows.ForEach(Console.WriteLine);
                Console.WriteLine();
                Console.WriteLine($"leader killed (-9) to another server leading: {string.Join(" s, ", takeovers.Select(t => t.ToString("0.00")))} s");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Each pilot leases one job and reports it at once, again and again, on the server it was given.</summary>
    private static async Task<double> RunAsync(BenchCluster cluster, int pilots, TimeSpan duration, CancellationToken cancellationToken)
    {
        var apis = Enumerable.Range(0, pilots).Select(cluster.PilotApi).ToList();
        var ids = await Task.WhenAll(apis.Select((api, i) => api.RegisterAsync(new PilotRegistration { Hostname = $"sim{i}", Resources = Node, Runtimes = ["process"] }, cancellationToken)));
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(apis.Select((api, i) => Task.Run(
            async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var leased = await api.LeaseAsync(ids[i].PilotId, new LeaseRequest { Free = Node, MaxJobs = 1 }, cancellationToken);
                    foreach (var job in leased.Jobs)
                    {
                        await api.ReportAsync(job.LeaseId, new AttemptReport { FencingToken = job.FencingToken, Outcome = AttemptOutcome.Succeeded, ExitCode = 0, FinishedAt = DateTimeOffset.UtcNow }, cancellationToken);
                        Interlocked.Increment(ref done);
                    }
                }
            },
            cancellationToken)));
        return done / clock.Elapsed.TotalSeconds;
    }
}
