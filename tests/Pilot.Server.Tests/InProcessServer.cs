using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pilot.Contracts;

namespace Pilot.Server.Tests;

/// <summary>The real server on a loopback port inside the test process, on a fake clock, with a typed client.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, string dataDirectory, FakeTimeProvider time)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Api = PilotApiClient.Create(Http);
    }

    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(60);

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public IPilotApi Api { get; }

    public static async Task<InProcessServer> StartAsync(string dataDirectory, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var app = PilotServerApp.Build(
            new Dictionary<string, string?>
            {
                ["Pilot:Server:DataDirectory"] = dataDirectory,
                ["Pilot:Server:LeaseTtl"] = LeaseTtl.ToString("c"),
                ["Logging:LogLevel:Default"] = "Warning",
            },
            "http://127.0.0.1:0",
            services => services.AddSingleton<TimeProvider>(time));
        await app.StartAsync();
        return new InProcessServer(app, dataDirectory, time);
    }

    public Task<PilotRegistered> RegisterPilotAsync(int cores = 4, long memoryMb = 8192, string[]? runtimes = null) =>
        Api.RegisterAsync(new PilotRegistration
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
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
