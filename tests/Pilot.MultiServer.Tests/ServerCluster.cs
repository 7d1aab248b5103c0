using System.Net.Http.Headers;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>
/// Real <c>pilot server</c> processes sharing one fresh PostgreSQL schema (and nothing else: each has a data directory
/// of its own), behind a real HAProxy. <see cref="Api"/> goes through the load balancer.
/// </summary>
public sealed class ServerCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly PostgresTestDatabase _database;
    private readonly HttpClient _http;
    private readonly List<PilotProcess> _agents = [];

    private ServerCluster(TemporaryDirectory directory, PostgresTestDatabase database, IReadOnlyList<PilotServerProcess> servers, HaproxyProcess balancer)
    {
        (_directory, _database, Servers, Balancer) = (directory, database, servers, balancer);
        _http = new HttpClient { BaseAddress = new Uri(balancer.Url), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", servers[0].AdminToken);
        Api = PilotApiClient.Create(_http);
    }

    /// <summary>Stands for the load balancer's URL in settings given to <see cref="StartAsync"/>.</summary>
    public const string BalancerUrl = "{balancer}";

    public IReadOnlyList<PilotServerProcess> Servers { get; }

    public HaproxyProcess Balancer { get; }

    /// <summary>The admin's client, through the load balancer.</summary>
    public IPilotApi Api { get; }

    public string Url => Balancer.Url;

    public string AdminToken => Servers[0].AdminToken;

    public string Sub(string name) => _directory.Sub(name);

    /// <param name="environment">Settings for every server, e.g. the provisioner's queues; <see cref="BalancerUrl"/> stands for the load balancer's URL.</param>
    public static async Task<ServerCluster> StartAsync(int servers, string leaseTtl = "10s", IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = new TemporaryDirectory();
        var database = await PostgresTestDatabase.CreateAsync();
        var started = new List<PilotServerProcess>();
        try
        {
            var balancerPort = Ports.Free();
            var settings = environment?.ToDictionary(e => e.Key, e => e.Value.Replace(BalancerUrl, $"http://127.0.0.1:{balancerPort}", StringComparison.Ordinal));
            for (var i = 1; i <= servers; i++)
            {
                // One after the other: the first creates the schema and the admin token, which the operator keeps for the others.
                var data = directory.Sub($"server{i}");
                if (started.Count > 0)
                {
                    Directory.CreateDirectory(data);
                    File.Copy(Path.Combine(started[0].DataDirectory, "admin.token"), Path.Combine(data, "admin.token"));
                }

                started.Add(await PilotServerProcess.StartAsync(data, leaseTtl, Ports.Free(), ["--postgres", database.ConnectionString], settings));
            }

            var balancer = await HaproxyProcess.StartAsync(directory.Path, balancerPort, [.. started.Select(s => s.Url)]);
            return new ServerCluster(directory, database, started, balancer);
        }
        catch
        {
            foreach (var server in started)
            {
                await server.DisposeAsync();
            }

            await database.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>A real agent whose only server address is the load balancer.</summary>
    public PilotProcess StartAgent(string name, int cores = 2, params string[] extra)
    {
        var agent = PilotProcess.Start(PilotAgentProcess.Arguments(Url, Servers[0].PilotToken, _directory.Sub(name), cores, extra));
        _agents.Add(agent);
        return agent;
    }

    /// <summary>The server that leads now (its <c>pilot_server_leading</c> gauge is 1), asked directly, not through the balancer.</summary>
    public async Task<PilotServerProcess> LeaderAsync(TimeSpan timeout) =>
        (await Eventually.UntilAsync(FindLeaderAsync, leader => leader is not null, timeout, "a server to lead"))!;

    private async Task<PilotServerProcess?> FindLeaderAsync()
    {
        foreach (var server in Servers.Where(s => !s.Process.HasExited))
        {
            try
            {
                var metrics = await server.Http.GetStringAsync("/metrics");
                if (metrics.Split('\n').Any(line => line.Trim() == "pilot_server_leading 1"))
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Stopping or killed: not the leader.
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await Balancer.DisposeAsync();
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        _http.Dispose();
        await _database.DisposeAsync();
        _directory.Dispose();
    }
}
