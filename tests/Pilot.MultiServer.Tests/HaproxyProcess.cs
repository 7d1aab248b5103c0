using System.Diagnostics;
using System.Text;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>
/// A real HAProxy in front of the servers, configured as packaging/haproxy.cfg: servers out of rotation while
/// <c>/readyz</c> fails, connection failures sent to another server.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HaproxyProcess(Process process, string url)
    {
        (_process, Url) = (process, url);
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<HaproxyProcess> StartAsync(string directory, int port, IReadOnlyList<string> serverUrls)
    {
        var haproxy = Requirements.Command("haproxy", "scripts/install-deps.sh installs haproxy");
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(port, serverUrls));
        var process = Process.Start(new ProcessStartInfo(haproxy, ["-db", "-f", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var started = new HaproxyProcess(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri(started.Url), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    Assert.Fail($"haproxy exited with {process.ExitCode}:\n{started.Output}");
                }

                try
                {
                    using var response = await http.GetAsync("/readyz");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            ready => ready,
            TimeSpan.FromSeconds(30),
            "haproxy to reach a ready server");
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The shipped example with the test's ports and a faster health check.</summary>
    private static string Config(int port, IReadOnlyList<string> serverUrls)
    {
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "haproxy.cfg"));
        var servers = string.Join('\n', serverUrls.Select((url, i) => $"    server pilot{i + 1} {new Uri(url).Authority} check"));
        return shipped
            .Replace("bind :8080", $"bind 127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("inter 2s", "inter 500ms", StringComparison.Ordinal)
            .Replace("    server pilot1 10.0.0.11:8080 check\n    server pilot2 10.0.0.12:8080 check", servers, StringComparison.Ordinal);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
