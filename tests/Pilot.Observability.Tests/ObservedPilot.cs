using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>A real server and a real agent serving /metrics, after a succeeded and a failed job: what operators scrape.</summary>
internal sealed class ObservedPilot : IAsyncDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private ObservedPilot(TemporaryDirectory directory, PilotServerProcess server, PilotProcess agent, int agentMetricsPort)
    {
        (Directory, Server, Agent, AgentMetricsPort) = (directory, server, agent, agentMetricsPort);
    }

    public TemporaryDirectory Directory { get; }

    public PilotServerProcess Server { get; }

    public PilotProcess Agent { get; }

    public int AgentMetricsPort { get; }

    public string ServerMetricsUrl => Server.Url + "/metrics";

    public string AgentMetricsUrl => $"http://127.0.0.1:{AgentMetricsPort}/metrics";

    public static async Task<ObservedPilot> StartAsync(IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        var directory = new TemporaryDirectory();
        var server = await PilotServerProcess.StartAsync(directory.Sub("server"), environment: serverEnvironment);
        var port = Ports.Free();
        var agent = PilotAgentProcess.Start(server, directory.Sub("agent"), 2, "--metrics-port", port.ToString(), "--metrics-host", "127.0.0.1", "--site", "testsite", "--walltime", "1h");
        return new ObservedPilot(directory, server, agent, port);
    }

    public async Task<JobView> RunAsync(JobSpec spec)
    {
        var job = await Server.Api.SubmitAsync(spec);
        return await Eventually.UntilAsync(
            () => Server.Api.GetJobAsync(job.Id), j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, JobTimeout, $"job {job.Id} to end");
    }

    public async Task<string> PilotIdAsync() =>
        (await Eventually.UntilAsync(() => Server.Api.ListPilotsAsync(), pilots => pilots.Any(p => p.State == "active"), JobTimeout, "the agent to register"))
            .First(p => p.State == "active").Id;

    public static JobSpec Payload(string name, params string[] mode) => new()
    {
        Name = name,
        Command = Executables.Payload(mode),
        Resources = new ResourceRequest { Cores = 1, Walltime = TimeSpan.FromMinutes(5) },
    };

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Server.DisposeAsync();
        Directory.Dispose();
    }
}
