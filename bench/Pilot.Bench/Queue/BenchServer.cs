using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pilot.Contracts;
using Pilot.Server;
using Pilot.Server.Storage;
using Pilot.Testing;

namespace Pilot.Bench.Queue;

/// <summary>A queue server in this process on a loopback port, on a fresh SQLite file or PostgreSQL schema, with a pilot token.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private const int InsertBatch = 10_000;

    private readonly WebApplication _app;
    private readonly TemporaryDirectory _directory;
    private readonly PostgresTestDatabase? _database;
    private readonly HttpClient _http;
    private readonly HttpClient _userHttp;

    private BenchServer(WebApplication app, TemporaryDirectory directory, PostgresTestDatabase? database, string token, string userToken)
    {
        _app = app;
        _directory = directory;
        _database = database;
        _http = Http(app, token);
        _userHttp = Http(app, userToken);
    }

    private static HttpClient Http(WebApplication app, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task<BenchServer> StartAsync(StorageBackend backend, CancellationToken cancellationToken)
    {
        var directory = new TemporaryDirectory();
        var database = backend == StorageBackend.PostgreSql ? await PostgresTestDatabase.CreateAsync() : null;
        var app = PilotServerApp.Build(
            new Dictionary<string, string?>
            {
                ["Pilot:Server:DataDirectory"] = directory.Path,
                ["Pilot:Server:PostgreSql"] = database?.ConnectionString,
                ["Logging:LogLevel:Default"] = "Error",
            },
            "http://127.0.0.1:0");
        await app.StartAsync(cancellationToken);
        var token = await app.Services.GetRequiredService<ITokenStore>().CreateAsync(new TokenRequest("bench-pilots", TokenRole.Pilot), cancellationToken);
        var user = await app.Services.GetRequiredService<ITokenStore>().CreateAsync(new TokenRequest("bench-user", TokenRole.User), cancellationToken);
        return new BenchServer(app, directory, database, token.Secret, user.Secret);
    }

    public IPilotApi Client() => PilotApiClient.Create(_http);

    /// <summary>A client with a user token, for submissions.</summary>
    public IPilotApi UserClient() => PilotApiClient.Create(_userHttp);

    /// <summary>Bulk-inserts <paramref name="count"/> no-op jobs straight through the store.</summary>
    public async Task QueueAsync(int count, CancellationToken cancellationToken)
    {
        var store = _app.Services.GetRequiredService<IJobStore>();
        for (var done = 0; done < count; done += InsertBatch)
        {
            var batch = Enumerable.Range(0, Math.Min(InsertBatch, count - done))
                .Select(_ => new JobSpec { Name = "noop", Command = ["true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(1) } })
                .ToList();
            await store.SubmitManyAsync(batch, "bench", cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _userHttp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _directory.Dispose();
    }
}
