using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>An interactive job's session answers whichever server a browser reaches, and comes back when the server holding its tunnel dies.</summary>
[TestFixture]
[Category("E2E")]
public sealed class SessionAcrossServersTests
{
    private static readonly string WebService = Path.Combine(AppContext.BaseDirectory, "Services", "web_service.py");

    /// <summary>How the service's echo (header names lower-cased) would show the servers' relay ticket.</summary>
    private const string RelayTicketInEcho = "\"pilot-relay";

    private readonly List<HttpClient> _clients = [];
    private ServerCluster _cluster = null!;
    private string _alice = "";

    [SetUp]
    public async Task StartClusterAsync()
    {
        Requirements.Command("python3");
        _cluster = await ServerCluster.StartAsync(3);
        _alice = await _cluster.Servers[0].CreateTokenAsync(TokenRole.User, "alice");
    }

    [TearDown]
    public async Task StopClusterAsync()
    {
        _clients.ForEach(client => client.Dispose());
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task InteractiveJob_EveryServerAndTheBalancer_ReachItsService_AndAfterTheHolderIsKilled_TheTunnelComesBackOnAnother()
    {
        _cluster.StartAgent("agent");
        var alice = PilotApiClient.Create(Client(_cluster.Url, _alice));
        var job = await alice.SubmitAsync(new JobSpec
        {
            Command = ["/usr/bin/python3", WebService],
            Interactive = new InteractiveSpec { Kind = InteractiveSpec.HttpKind, Socket = "web.sock" },
            Resources = new ResourceRequest { Cores = 1, Walltime = TimeSpan.FromMinutes(10) },
        });
        // Asked through the balancer, so mostly of servers that do not hold the tunnel: they ask the holder.
        await Eventually.UntilAsync(() => alice.GetInteractiveAsync(job.Id), view => view.Ready, TimeSpan.FromSeconds(90), "the service to answer through the servers");
        var holder = await HolderAsync(null);
        foreach (var server in _cluster.Servers)
        {
            var view = await PilotApiClient.Create(Client(server.Url, _alice)).GetInteractiveAsync(job.Id);
            Assert.That(view.Ready, Is.True, $"{server.Url} ({(server == holder ? "holds the tunnel" : "asks the holder")}): {view.Reason}");
        }

        var browser = await LogInAsync(job.Id);
        foreach (var entry in Entries())
        {
            await AssertSessionAnswersAsync(entry, job.Id, browser);
        }

        var killed = Stopwatch.StartNew();
        await holder.StopAsync(9);
        var seen = new List<string>();
        await Eventually.UntilAsync(() => EchoAsync(_cluster.Url, job.Id, seen), ok => ok, TimeSpan.FromSeconds(60), "the session to answer again after the server holding its tunnel died");
        var failover = killed.Elapsed;
        var next = await HolderAsync(holder);
        TestContext.Progress.WriteLine($"tunnel failover: {failover.TotalSeconds:F2} s from kill -9 of its server to an answer through the balancer; answers meanwhile: {string.Join(", ", seen)}");

        foreach (var entry in Entries())
        {
            await AssertSessionAnswersAsync(entry, job.Id, browser);
        }

        Assert.That(next, Is.Not.SameAs(holder));
        Assert.That(seen.Where(status => status != "OK"), Has.All.Not.EqualTo("timeout"), "no request was blackholed by the dead server's record");
        await alice.CancelAsync(job.Id);
    }

    /// <summary>The live servers directly, and the balancer.</summary>
    private IEnumerable<string> Entries() => [.. _cluster.Servers.Where(s => !s.Process.HasExited).Select(s => s.Url), _cluster.Url];

    /// <summary>A plain request with alice's token, a WebSocket, and the browser's cookie login all reach the service through <paramref name="entry"/>.</summary>
    private async Task AssertSessionAnswersAsync(string entry, long jobId, HttpClient browser)
    {
        // The session's root, the address pilot open prints.
        using var response = await Client(entry, _alice).GetAsync(Proxy(jobId, ""));
        var echo = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{entry}: {echo}");
        Assert.That(echo, Does.Not.Contain(_alice), $"{entry}: the user's token stays at the servers");
        Assert.That(echo, Does.Not.Contain(RelayTicketInEcho), $"{entry}: the servers' relay ticket stays at the servers");
        Assert.That(echo, Does.Contain("\"authorization\": \"token "), $"{entry}: the service got its own secret");

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _alice);
        socket.Options.SetRequestHeader("Origin", entry);
        await socket.ConnectAsync(new Uri(entry.Replace("http://", "ws://", StringComparison.Ordinal) + Proxy(jobId, "ws")), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.That(Encoding.UTF8.GetString(buffer, 0, received.Count), Is.EqualTo("echo: hello"), $"{entry}: WebSocket");

        // Cookies do not tell ports apart: the login made through the balancer is sent to every server.
        using var page = await browser.GetAsync(entry + Proxy(jobId, "echo"));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{entry}: the browser's login made through the balancer");
    }

    private async Task<HttpClient> LogInAsync(long jobId)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(browser);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = _alice });
        using var login = new HttpRequestMessage(HttpMethod.Post, $"{_cluster.Url}/jobs/{jobId}/login") { Content = form };
        login.Headers.Add("Origin", _cluster.Url);
        using var answer = await browser.SendAsync(login);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await answer.Content.ReadAsStringAsync());
        return browser;
    }

    private async Task<bool> EchoAsync(string entry, long jobId, List<string> seen)
    {
        try
        {
            using var response = await Client(entry, _alice, TimeSpan.FromSeconds(10)).GetAsync(Proxy(jobId, "echo"));
            seen.Add(response.StatusCode.ToString());
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (TaskCanceledException)
        {
            seen.Add("timeout");
            return false;
        }
        catch (HttpRequestException e)
        {
            seen.Add(e.Message);
            return false;
        }
    }

    /// <summary>The live server whose gauge says it holds a tunnel now, other than <paramref name="not"/>.</summary>
    private async Task<PilotServerProcess> HolderAsync(PilotServerProcess? not) =>
        (await Eventually.UntilAsync(
            async () =>
            {
                foreach (var server in _cluster.Servers.Where(s => s != not && !s.Process.HasExited))
                {
                    var metrics = await server.Http.GetStringAsync("/metrics");
                    if (metrics.Split('\n').Any(line => line.Trim() == "pilot_interactive_sessions_open 1"))
                    {
                        return server;
                    }
                }

                return null;
            },
            server => server is not null,
            TimeSpan.FromSeconds(60),
            "a server to hold the job's tunnel"))!;

    private HttpClient Client(string url, string token, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(http);
        return http;
    }

    private static string Proxy(long jobId, string rest) => TunnelProtocol.ProxyPrefix(jobId) + rest;
}
