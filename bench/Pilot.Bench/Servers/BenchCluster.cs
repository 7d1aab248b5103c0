using System.Diagnostics;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Servers;

/// <summary>Real server processes on one fresh PostgreSQL schema and one data directory.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly TemporaryDirectory _directory;
    private readonly PostgresTestDatabase _database;
    private readonly List<PilotServerProcess> _servers;

    private BenchCluster(TemporaryDirectory directory, PostgresTestDatabase database, List<PilotServerProcess> servers) =>
        (_directory, _database, _servers) = (directory, database, servers);

    public static async Task<BenchCluster> StartAsync(int count)
    {
        var directory = new TemporaryDirectory();
        var database = await PostgresTestDatabase.CreateAsync();
        var servers = new List<PilotServerProcess>();
        var quiet = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        for (var i = 0; i < count; i++)
        {
            servers.Add(await PilotServerProcess.StartAsync(directory.Sub("data"), "60s", extra: ["--postgres", database.ConnectionString], environment: quiet));
        }

        return new BenchCluster(directory, database, servers);
    }

    /// <summary>Pilot <paramref name="index"/>'s client, on the server a round-robin balancer would give it.</summary>
    public IPilotApi PilotApi(int index)
    {
        var server = _servers[index % _servers.Count];
        return server.ApiFor(server.PilotToken);
    }

    public async Task QueueAsync(int jobs, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(async i =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                await _servers[i % _servers.Count].Api.SubmitAsync(
                    new JobSpec { Name = "noop", Command = ["true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(1) } }, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>Kills the leader with SIGKILL and returns the time until another server leads.</summary>
    public async Task<TimeSpan> KillLeaderAsync(CancellationToken cancellationToken)
    {
        var leader = await WaitForLeaderAsync(null, cancellationToken);
        var clock = Stopwatch.StartNew();
        await leader.StopAsync(9);
        await WaitForLeaderAsync(leader, cancellationToken);
        var elapsed = clock.Elapsed;
        await leader.StartAgainAsync("60s");
        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _database.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<PilotServerProcess> WaitForLeaderAsync(PilotServerProcess? not, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var server in _servers.Where(s => s != not && !s.Process.HasExited))
            {
                var metrics = await server.Http.GetStringAsync("/metrics", cancellationToken);
                if (metrics.Split('\n').Any(line => line.Trim() == "pilot_server_leading 1"))
                {
                    return server;
                }
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}
