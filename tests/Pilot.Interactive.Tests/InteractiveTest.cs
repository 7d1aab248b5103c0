using System.Net.Http.Headers;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Interactive.Tests;

/// <summary>
/// A real server and a real agent, shared by a fixture's tests, with two users: alice, who submits the interactive jobs,
/// and bob, who must not get into them.
/// </summary>
public abstract class InteractiveTest
{
    public static readonly string WebService = Path.Combine(AppContext.BaseDirectory, "Services", "web_service.py");

    private readonly List<HttpClient> _clients = [];
    private TemporaryDirectory _directory = null!;

    protected PilotServerProcess Server { get; private set; } = null!;

    protected PilotProcess Agent { get; private set; } = null!;

    protected string AliceToken { get; private set; } = "";

    protected string BobToken { get; private set; } = "";

    protected IPilotApi Alice { get; private set; } = null!;

    protected string AgentDirectory => _directory.Sub("agent");

    /// <summary>Where the agent reaches the server; a test may put a relay in between.</summary>
    protected virtual string AgentServerUrl(PilotServerProcess server) => server.Url;

    [OneTimeSetUp]
    public async Task StartServerAndAgentAsync()
    {
        Requirements.Command("python3");
        _directory = new TemporaryDirectory();
        Server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        AliceToken = await Server.CreateTokenAsync(TokenRole.User, "alice");
        BobToken = await Server.CreateTokenAsync(TokenRole.User, "bob");
        Alice = Server.ApiFor(AliceToken);
        Agent = StartAgent();
    }

    [OneTimeTearDown]
    public async Task StopServerAndAgentAsync()
    {
        await Agent.DisposeAsync();
        await Server.DisposeAsync();
        _clients.ForEach(client => client.Dispose());
        _directory.Dispose();
    }

    protected PilotProcess StartAgent()
    {
        var arguments = PilotAgentProcess.Arguments(Server, AgentDirectory, cores: 4).ToArray();
        arguments[Array.IndexOf(arguments, "--server") + 1] = AgentServerUrl(Server);
        return PilotProcess.Start(arguments);
    }

    protected static JobSpec HttpService(TimeSpan? walltime = null) => new()
    {
        Command = ["/usr/bin/python3", WebService],
        Interactive = new InteractiveSpec { Kind = InteractiveSpec.HttpKind, Socket = "web.sock" },
        Resources = new ResourceRequest { Cores = 1, Walltime = walltime ?? TimeSpan.FromMinutes(10) },
    };

    /// <summary>Submits as alice and waits until the service answers through the server.</summary>
    protected async Task<long> StartSessionAsync(JobSpec spec)
    {
        var job = await Alice.SubmitAsync(spec);
        await WaitUntilReadyAsync(job.Id);
        return job.Id;
    }

    protected Task<InteractiveView> WaitUntilReadyAsync(long jobId) =>
        Eventually.UntilAsync(() => Alice.GetInteractiveAsync(jobId), view => view.Ready, TimeSpan.FromSeconds(90), $"job {jobId}'s service to answer through the server");

    /// <summary>A client for the proxy that sends <paramref name="token"/> as a Bearer token (none when null).</summary>
    protected HttpClient ProxyClient(string? token, HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(handler ?? new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.Url), Timeout = TimeSpan.FromSeconds(120) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(http);
        return http;
    }

    protected static string Proxy(long jobId, string rest = "") => TunnelProtocol.ProxyPrefix(jobId) + rest;

    protected Uri WebSocketUri(long jobId, string rest) => new(Server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + Proxy(jobId, rest));

    protected string ServiceSecret(long jobId) =>
        File.ReadAllText(Path.Combine(AgentDirectory, "attempts", $"{jobId}.1", ".pilot-service-token")).Trim();
}
