using System.Net.Http.Headers;
using Pilot.Contracts;

namespace Pilot.Testing;

/// <summary>
/// A real <c>pilot server</c> on a loopback port, with a typed client for the test to use. <see cref="Api"/> and
/// <see cref="Http"/> carry the admin token the server wrote on its first start; <see cref="PilotToken"/> is for agents.
/// </summary>
public sealed class PilotServerProcess : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<HttpClient> _clients = [];

    private readonly IReadOnlyList<string> _extra;
    private readonly IReadOnlyDictionary<string, string>? _environment;

    private PilotServerProcess(PilotProcess process, string url, string dataDirectory, IReadOnlyList<string> extra, IReadOnlyDictionary<string, string>? environment)
    {
        (_extra, _environment) = (extra, environment);
        Process = process;
        Url = url;
        DataDirectory = dataDirectory;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Api = PilotApiClient.Create(_http);
    }

    public PilotProcess Process { get; private set; }

    public string Url { get; }

    public string DataDirectory { get; }

    public IPilotApi Api { get; }

    public HttpClient Http => _http;

    /// <summary>The admin token from <c>admin.token</c> in the data directory.</summary>
    public string AdminToken { get; private set; } = "";

    /// <summary>A token with the pilot role, made at start for <see cref="PilotAgentProcess"/>.</summary>
    public string PilotToken { get; private set; } = "";

    /// <summary>A client that sends <paramref name="token"/> (none when null), for tests of who may do what.</summary>
    public IPilotApi ApiFor(string? token) => PilotApiClient.Create(HttpFor(token));

    public HttpClient HttpFor(string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(http);
        return http;
    }

    /// <summary>Creates a token with <paramref name="role"/> and returns its secret.</summary>
    public async Task<string> CreateTokenAsync(TokenRole role, string name) => (await Api.CreateTokenAsync(new TokenRequest(name, role))).Secret;

    /// <summary>Arguments for a <c>pilot</c> client verb against this server as admin: <c>--server URL --token T</c> then <paramref name="arguments"/>.</summary>
    public string[] CliArguments(params string[] arguments) => ["--server", Url, "--token", AdminToken, .. arguments];

    /// <param name="extra">More <c>pilot server</c> options, e.g. <c>--max-log-bytes 4096</c>.</param>
    /// <param name="environment">Settings without an option, e.g. <c>Pilot__Monitoring__QueueDepthInterval</c>.</param>
    /// <param name="address">Where it listens: loopback, or where a test cluster's nodes reach it (<see cref="SlurmCluster.ServerAddress"/>).</param>
    public static async Task<PilotServerProcess> StartAsync(
        string dataDirectory, string leaseTtl = "5s", int? port = null, IReadOnlyList<string>? extra = null, IReadOnlyDictionary<string, string>? environment = null,
        string address = "127.0.0.1")
    {
        var url = $"http://{address}:{port ?? Ports.Free()}";
        var server = new PilotServerProcess(Launch(url, dataDirectory, leaseTtl, extra ?? [], environment), url, dataDirectory, extra ?? [], environment);
        await server.WaitUntilReadyAsync();
        server.PilotToken = await server.CreateTokenAsync(TokenRole.Pilot, "test-pilots");
        return server;
    }

    /// <summary>Stops the server with <paramref name="signal"/> (15 graceful, 9 crash) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(int signal, string leaseTtl = "5s")
    {
        await StopAsync(signal);
        await StartAgainAsync(leaseTtl);
    }

    /// <summary>Stops the server with <paramref name="signal"/>; its port stays reserved for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync(int signal)
    {
        Process.Signal(signal);
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts the server again on the same port and data after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(string leaseTtl = "5s")
    {
        await Process.DisposeAsync();
        Process = Launch(Url, DataDirectory, leaseTtl, _extra, _environment);
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _clients.ForEach(client => client.Dispose());
        await Process.DisposeAsync();
    }

    private static PilotProcess Launch(string url, string dataDirectory, string leaseTtl, IReadOnlyList<string> extra, IReadOnlyDictionary<string, string>? environment) =>
        PilotProcess.Start(["server", "--listen", url, "--data-dir", dataDirectory, "--lease-ttl", leaseTtl, "--heartbeat-interval", "1s", .. extra], environment);

    private async Task WaitUntilReadyAsync()
    {
        await Eventually.UntilAsync(
            async () =>
            {
                if (Process.HasExited)
                {
                    Assert.Fail($"pilot server exited with {Process.ExitCode}:\n{Process.Output}");
                }

                try
                {
                    using var response = await _http.GetAsync("/healthz");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            ready => ready,
            TimeSpan.FromSeconds(30),
            "the server to answer /healthz");
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin.token"))).Trim();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }
}
