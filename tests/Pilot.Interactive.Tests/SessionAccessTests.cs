using System.Net;
using System.Net.WebSockets;
using Pilot.Contracts;

namespace Pilot.Interactive.Tests;

/// <summary>Only the job's owner (and admins) get in, from pages of the server's own origin, while the job runs.</summary>
[TestFixture]
[Category("E2E")]
public sealed class SessionAccessTests : InteractiveTest
{
    private long _jobId;

    [OneTimeSetUp]
    public async Task StartServiceAsync() => _jobId = await StartSessionAsync(HttpService());

    [Test]
    public async Task AnotherUser_IsRefused()
    {
        using var response = await ProxyClient(BobToken).GetAsync(Proxy(_jobId, "echo"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Admin_GetsIn()
    {
        using var response = await ProxyClient(Server.AdminToken).GetAsync(Proxy(_jobId, "echo"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task NoLogin_ScriptGets401_BrowserGetsTheLoginPage()
    {
        using var script = await ProxyClient(null).GetAsync(Proxy(_jobId, "echo"));
        using var page = new HttpRequestMessage(HttpMethod.Get, Proxy(_jobId, "echo"));
        page.Headers.Add("Accept", "text/html");
        using var browser = await ProxyClient(null).SendAsync(page);

        Assert.Multiple(() =>
        {
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(browser.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(browser.Headers.Location?.ToString(), Does.StartWith($"/jobs/{_jobId}/login?return="));
        });
    }

    [Test]
    public async Task Login_WithToken_GivesACookieScopedToTheJobThatOpensTheSession()
    {
        var cookies = new CookieContainer();
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

        using var login = await LogInAsync(browser, AliceToken, Server.Url);
        using var echo = await browser.GetAsync(Proxy(_jobId, "echo"));
        var body = await echo.Content.ReadAsStringAsync();
        var cookie = cookies.GetAllCookies().Single();

        Assert.Multiple(() =>
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(cookie.Path, Is.EqualTo(Proxy(_jobId)));
            Assert.That(cookie.HttpOnly, Is.True);
            Assert.That(cookie.Value, Does.Not.Contain(AliceToken));
            Assert.That(echo.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Does.Not.Contain(cookie.Value), "the login cookie stays at the server");
        });
    }

    [Test]
    public async Task Login_WithAnotherUsersToken_IsRefused()
    {
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

        using var login = await LogInAsync(browser, BobToken, Server.Url);

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Post_WithForeignOrigin_IsRefused_WithOwnOrigin_Passes()
    {
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        using var login = await LogInAsync(browser, AliceToken, Server.Url);

        using var forged = await PostAsync(browser, "https://evil.example.org");
        using var missing = await PostAsync(browser, null);
        using var own = await PostAsync(browser, Server.Url);

        Assert.Multiple(() =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a browser's login without Origin on a POST");
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public void WebSocket_WithForeignOrigin_IsRefused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + AliceToken);
        socket.Options.SetRequestHeader("Origin", "https://evil.example.org");
        socket.Options.CollectHttpResponseDetails = true;

        Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(_jobId, "ws"), CancellationToken.None));
        Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void WebSocket_WithoutLogin_IsRefused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Server.Url);
        socket.Options.CollectHttpResponseDetails = true;

        Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(_jobId, "ws"), CancellationToken.None));
        Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task JobThatIsNotInteractive_IsRefused()
    {
        var job = await Alice.SubmitAsync(new JobSpec { Command = ["sleep", "30"] });

        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(job.Id, "echo"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await Alice.CancelAsync(job.Id);
    }

    [Test]
    public async Task JobThatIsNotRunning_IsRefused()
    {
        var job = await Alice.SubmitAsync(HttpService() with { Resources = new ResourceRequest { Cores = 1000 } });

        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(job.Id, "echo"));
        var view = await Alice.GetInteractiveAsync(job.Id);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(view.Ready, Is.False);
            Assert.That(view.Reason, Does.Contain("queued"));
        });
        await Alice.CancelAsync(job.Id);
    }

    [Test]
    public async Task ServiceSecret_NeverReachesTheBrowser()
    {
        var secret = ServiceSecret(_jobId);
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        using var login = await LogInAsync(browser, AliceToken, Server.Url);

        using var root = await browser.GetAsync(Proxy(_jobId));
        var view = await Alice.GetInteractiveAsync(_jobId);
        var jobJson = await ProxyClient(AliceToken).GetStringAsync($"{IPilotApi.Prefix}/jobs/{_jobId}");

        Assert.Multiple(() =>
        {
            Assert.That(login.Headers.ToString() + root.Headers, Does.Not.Contain(secret));
            Assert.That(view.ToString() + jobJson, Does.Not.Contain(secret));
        });
    }

    private async Task<HttpResponseMessage> LogInAsync(HttpClient browser, string token, string origin)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/jobs/{_jobId}/login") { Content = form };
        request.Headers.Add("Origin", origin);
        return await browser.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient browser, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Proxy(_jobId, "echo")) { Content = new StringContent("x") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await browser.SendAsync(request);
    }
}
