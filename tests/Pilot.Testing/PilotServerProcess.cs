using Pilot.Contracts;

namespace Pilot.Testing;

/// <summary>A real <c>pilot server</c> on a loopback port, with a typed client for the test to use.</summary>
public sealed class PilotServerProcess : IAsyncDisposable
{
    private readonly HttpClient _http;

    private PilotServerProcess(PilotProcess process, string url, string dataDirectory)
    {
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

    public static async Task<PilotServerProcess> StartAsync(string dataDirectory, string leaseTtl = "5s", int? port = null)
    {
        var url = $"http://127.0.0.1:{port ?? Ports.Free()}";
        var server = new PilotServerProcess(Launch(url, dataDirectory, leaseTtl), url, dataDirectory);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Stops the server with <paramref name="signal"/> (15 graceful, 9 crash) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(int signal, string leaseTtl = "5s")
    {
        Process.Signal(signal);
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Process.DisposeAsync();
        Process = Launch(Url, DataDirectory, leaseTtl);
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }

    private static PilotProcess Launch(string url, string dataDirectory, string leaseTtl) =>
        PilotProcess.Start(["server", "--listen", url, "--data-dir", dataDirectory, "--lease-ttl", leaseTtl, "--heartbeat-interval", "1s"]);

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
    }
}
