using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Server.Tests;

/// <summary>
/// The real server on a loopback port inside the test process, on a fake clock, with a typed client, on SQLite or on
/// a private PostgreSQL schema. <see cref="Api"/> and <see cref="Http"/> carry the admin token the server wrote on its first start.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly PostgresTestDatabase? _database;

    private InProcessServer(WebApplication app, string dataDirectory, FakeTimeProvider time, Dictionary<string, string?> settings, PostgresTestDatabase? database)
    {
        _app = app;
        _settings = settings;
        _database = database;
        DataDirectory = dataDirectory;
        Time = time;
        AdminToken = File.ReadAllText(PilotServerApp.AdminTokenPath(dataDirectory)).Trim();
        Http = HttpFor(AdminToken);
        Api = PilotApiClient.Create(Http);
    }

    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(60);

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public string AdminToken { get; }

    public HttpClient Http { get; }

    public IPilotApi Api { get; }

    public Uri Address => new(_app.Urls.First());

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessServer> StartAsync(
        string dataDirectory, StorageBackend backend = StorageBackend.Sqlite, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = backend == StorageBackend.PostgreSql ? await PostgresTestDatabase.CreateAsync() : null;
        var configuration = new Dictionary<string, string?>
        {
            ["Pilot:Server:DataDirectory"] = dataDirectory,
            ["Pilot:Server:PostgreSql"] = database?.ConnectionString,
            ["Pilot:Server:LeaseTtl"] = LeaseTtl.ToString("c"),
            ["Logging:LogLevel:Default"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return await LaunchAsync(dataDirectory, time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)), configuration, database);
    }

    /// <summary>Stops this server and starts a new one on the same data (directory and database) and clock.</summary>
    public async Task<InProcessServer> RestartAsync()
    {
        await StopAsync();
        return await LaunchAsync(DataDirectory, Time, _settings, _database);
    }

    private static async Task<InProcessServer> LaunchAsync(string dataDirectory, FakeTimeProvider time, Dictionary<string, string?> settings, PostgresTestDatabase? database)
    {
        var app = PilotServerApp.Build(settings, "http://127.0.0.1:0", services => services.AddSingleton<TimeProvider>(time));
        await app.StartAsync();
        return new InProcessServer(app, dataDirectory, time, settings, database);
    }

    /// <summary>A raw client that sends <paramref name="token"/> (none when null); disposed with the server.</summary>
    public HttpClient HttpFor(string? token)
    {
        var http = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(http);
        return http;
    }

    public IPilotApi ApiFor(string? token) => PilotApiClient.Create(HttpFor(token));

    /// <summary>Creates a token with <paramref name="role"/> and returns its secret.</summary>
    public async Task<string> CreateTokenAsync(TokenRole role, string name) => (await Api.CreateTokenAsync(new TokenRequest(name, role))).Secret;

    public Task<PilotRegistered> RegisterPilotAsync(int cores = 4, long memoryMb = 8192, string[]? runtimes = null, IPilotApi? api = null) =>
        (api ?? Api).RegisterAsync(new PilotRegistration
        {
            Hostname = "node1",
            Resources = new ResourceSet { Cores = cores, MemoryMb = memoryMb, Gpus = 0, Nodes = 1 },
            Runtimes = runtimes ?? ["process"],
        });

    public static JobSpec Spec(int cores = 1, string name = "job", int priority = 0, TimeSpan? walltime = null) => new()
    {
        Name = name,
        Command = ["echo", name],
        Priority = priority,
        Resources = new ResourceRequest { Cores = cores, Walltime = walltime ?? TimeSpan.FromMinutes(10) },
    };

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task StopAsync()
    {
        _clients.ForEach(client => client.Dispose());
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
