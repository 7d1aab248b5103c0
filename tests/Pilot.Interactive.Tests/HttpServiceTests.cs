using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Pilot.Interactive.Tests;

[TestFixture]
[Category("E2E")]
public sealed class HttpServiceTests : InteractiveTest
{
    private long _jobId;

    [OneTimeSetUp]
    public async Task StartServiceAsync() => _jobId = await StartSessionAsync(HttpService());

    [Test]
    public async Task Request_ThroughProxy_ServiceGetsItsSecretAndLocalhostButNotTheUsersTokenOrLoginCookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Proxy(_jobId, "echo?x=1"));
        request.Headers.Add("Cookie", "pilot_session=not-for-the-service; theirs=1");

        using var response = await ProxyClient(AliceToken).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var headers = JsonDocument.Parse(body).RootElement.GetProperty("headers");
        Assert.Multiple(() =>
        {
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("path").GetString(), Is.EqualTo(Proxy(_jobId, "echo?x=1")), "the prefix is kept");
            Assert.That(headers.GetProperty("authorization").GetString(), Is.EqualTo("token " + ServiceSecret(_jobId)));
            Assert.That(headers.GetProperty("host").GetString(), Is.EqualTo("localhost"));
            Assert.That(headers.GetProperty("cookie").GetString(), Is.EqualTo("theirs=1"));
            Assert.That(body, Does.Not.Contain(AliceToken));
            Assert.That(response.Headers.GetValues("Content-Security-Policy"), Does.Contain("frame-ancestors 'none'"));
        });
    }

    [Test]
    public async Task SessionRoot_TheAddressPilotOpenPrints_ReachesTheService_AndThePrefixWithoutItsSlashRedirectsThere()
    {
        var http = ProxyClient(AliceToken);
        using var root = await http.GetAsync(Proxy(_jobId));
        using var bare = await http.GetAsync($"/jobs/{_jobId}/proxy");

        Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.OK), await root.Content.ReadAsStringAsync());
        Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(bare.Headers.Location?.ToString(), Is.EqualTo(Proxy(_jobId)));
    }

    [Test]
    public async Task Post_WithBody_ReachesTheService()
    {
        using var content = new StringContent("{\"n\": 42}", Encoding.UTF8, "application/json");

        using var response = await ProxyClient(AliceToken).PostAsync(Proxy(_jobId, "echo"), content);

        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("body").GetString(), Is.EqualTo("{\"n\": 42}"));
    }

    [Test]
    public async Task TwentyRequestsAndThreeWebSockets_AtOnce_AllAnswer()
    {
        var http = ProxyClient(AliceToken);
        var requests = Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await http.GetAsync(Proxy(_jobId, $"slow?s=1&i={i}"));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });
        var sockets = Enumerable.Range(0, 3).Select(i => EchoOverWebSocketAsync($"hello {i}"));

        var started = DateTime.UtcNow;
        var answers = await Task.WhenAll(requests);
        var echoes = await Task.WhenAll(sockets);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(answers.Select((a, i) => a.Item2.Contains($"i={i}", StringComparison.Ordinal)), Is.All.True);
            Assert.That(echoes, Is.EqualTo(new[] { "echo: hello 0", "echo: hello 1", "echo: hello 2" }));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(15)), "twenty one-second answers in parallel, not one after another");
        });
    }

    [Test]
    public async Task Download_FiftyMegabytes_ArrivesWhole()
    {
        const long size = 50L * 1024 * 1024;

        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(_jobId, $"bytes?n={size}"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.That(total, Is.EqualTo(size));
    }

    private async Task<string> EchoOverWebSocketAsync(string text)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + AliceToken);
        socket.Options.SetRequestHeader("Origin", Server.Url);
        await socket.ConnectAsync(WebSocketUri(_jobId, "ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
