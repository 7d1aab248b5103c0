using CliWrap;
using Pilot.Contracts;

namespace Pilot.Bench.Comparison;

/// <summary>A real <c>pilot server</c> and <c>pilot agent</c> on loopback, started from the <c>pilot.dll</c> built next to the bench.</summary>
internal sealed class PilotStack : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _processes = [];
    private readonly List<int> _processIds = [];
    private readonly HttpClient _http;

    private PilotStack(string directory, string url)
    {
        Directory = directory;
        Url = url;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        Api = PilotApiClient.Create(_http);
    }

    public string Directory { get; }

    public string Url { get; }

    public IPilotApi Api { get; private set; }

    public string PilotToken { get; private set; } = "";

    public static string PilotDll => Path.Combine(AppContext.BaseDirectory, "pilot.dll");

    public static async Task<PilotStack> StartServerAsync(int port)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pilot-bench-").FullName;
        var stack = new PilotStack(directory, $"http://127.0.0.1:{port}");
        stack.Run("dotnet", [PilotDll, "server", "--listen", stack.Url, "--data-dir", Path.Combine(directory, "server"), "--heartbeat-interval", "5s"]);
        await stack.WaitForServerAsync();
        var admin = (await File.ReadAllTextAsync(Path.Combine(directory, "server", "admin.token"))).Trim();
        stack._http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        stack.PilotToken = (await stack.Api.CreateTokenAsync(new TokenRequest("bench", TokenRole.Pilot))).Secret;
        return stack;
    }

    /// <summary>Starts an agent; returns its process id once it runs.</summary>
    public Task<int> StartAgentAsync(string name, int cores, params string[] extra) => StartAgentAsync(AgentBuild.Managed, name, cores, extra);

    public async Task<int> StartAgentAsync(AgentBuild build, string name, int cores, params string[] extra)
    {
        var started = new TaskCompletionSource<int>();
        Run(
            build.Program,
            [.. build.Prefix, "--server", Url, "--token", PilotToken, "--work-dir", Path.Combine(Directory, name), "--cores", cores.ToString(), "--grace", "2s", .. extra],
            started);
        return await started.Task;
    }

    /// <summary>CPU time the server and each agent have used so far (user plus system), server first.</summary>
    public IReadOnlyList<TimeSpan> CpuTimes() => _processIds.Select(pid => TimeSpan.FromSeconds(ProcessCpu.Ticks(pid) / 100.0)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_processes.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));
        _http.Dispose();
        _stop.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Run(string program, string[] arguments, TaskCompletionSource<int>? started = null)
    {
        var log = Path.Combine(Directory, $"process-{_processes.Count}.log");
        var command = CliWrap.Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(env => env.Set("Logging__LogLevel__Default", "Warning"))
            .WithStandardOutputPipe(PipeTarget.ToFile(log))
            .WithStandardErrorPipe(PipeTarget.ToFile(log + ".err"))
            .WithValidation(CommandResultValidation.None);
        var task = command.ExecuteAsync(CancellationToken.None, _stop.Token);
        _processIds.Add(task.ProcessId);
        started?.SetResult(task.ProcessId);
        _processes.Add(task.Task);
    }

    private async Task WaitForServerAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await _http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"pilot server at {Url} did not come up; see {Directory}");
    }
}
