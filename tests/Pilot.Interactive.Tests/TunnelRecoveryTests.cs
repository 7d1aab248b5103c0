using System.Net;
using Pilot.Testing;

namespace Pilot.Interactive.Tests;

/// <summary>A tunnel cut by the network, or a server restarted under it, comes back by itself while the job runs.</summary>
[TestFixture]
[Category("E2E")]
public sealed class TunnelRecoveryTests : InteractiveTest
{
    private readonly TcpRelay _relay = new();

    protected override string AgentServerUrl(PilotServerProcess server)
    {
        _relay.TargetPort = new Uri(server.Url).Port;
        return _relay.Url;
    }

    [OneTimeTearDown]
    public async Task StopRelayAsync() => await _relay.DisposeAsync();

    [Test]
    public async Task TunnelCut_MidSession_Reconnects()
    {
        var jobId = await StartSessionAsync(HttpService());
        var before = await ReconnectsAsync();

        _relay.CutAll();

        await Eventually.UntilAsync(() => EchoAsync(jobId), ok => ok, TimeSpan.FromSeconds(60), "the session to answer again after its tunnel was cut");
        Assert.That(await ReconnectsAsync(), Is.GreaterThan(before));
        await Alice.CancelAsync(jobId);
    }

    [Test]
    public async Task ServerRestarted_SessionComesBack_AndTheBrowserLoginStillHolds()
    {
        var jobId = await StartSessionAsync(HttpService());
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AliceToken }))
        using (var login = new HttpRequestMessage(HttpMethod.Post, $"/jobs/{jobId}/login") { Content = form })
        {
            login.Headers.Add("Origin", Server.Url);
            using var answer = await browser.SendAsync(login);
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        await Server.RestartAsync(15);

        var status = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await browser.GetAsync(Proxy(jobId, "echo"));
                return response.StatusCode;
            },
            code => code == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the session to answer the same browser after the server restarted");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        await Alice.CancelAsync(jobId);
    }

    private async Task<bool> EchoAsync(long jobId)
    {
        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(jobId, "echo"));
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<double> ReconnectsAsync()
    {
        var metrics = await Server.Http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("pilot_tunnel_reconnects_total ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
