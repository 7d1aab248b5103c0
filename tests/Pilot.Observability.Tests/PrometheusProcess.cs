using System.Text;
using System.Text.Json;
using CliWrap;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>A real Prometheus (the Debian package) on a loopback port, scraping the given targets every second.</summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CommandTask<CommandResult> _run;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusProcess(string directory, IReadOnlyDictionary<string, string> targets)
    {
        var port = Ports.Free();
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, Config(targets));
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
        _run = CliWrap.Cli.Wrap(Requirements.Command("prometheus"))
            .WithArguments(
            [
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            ])
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(_output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(_output))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(CancellationToken.None, _stop.Token);
    }

    public string Url { get; }

    public string Output => _output.ToString();

    /// <param name="targets">Scrape job name → <c>host:port</c>.</param>
    public static async Task<PrometheusProcess> StartAsync(string directory, IReadOnlyDictionary<string, string> targets)
    {
        Directory.CreateDirectory(directory);
        var prometheus = new PrometheusProcess(directory, targets);
        await Eventually.UntilAsync(prometheus.IsReadyAsync, ready => ready, TimeSpan.FromSeconds(60), "Prometheus to be ready");
        return prometheus;
    }

    /// <summary>The series an instant query returns, as label sets with their value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, string Value)>> QueryAsync(string promQl)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promQl)));
        return document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => (
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                series.GetProperty("value")[1].GetString() ?? ""))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private static string Config(IReadOnlyDictionary<string, string> targets)
    {
        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        foreach (var (job, target) in targets)
        {
            config.Append($"  - job_name: {job}\n    static_configs:\n      - targets: ['{target}']\n");
        }

        return config.ToString();
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_run.Task.IsCompleted)
        {
            Assert.Fail($"prometheus exited:\n{Output}");
        }

        try
        {
            using var response = await _http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
