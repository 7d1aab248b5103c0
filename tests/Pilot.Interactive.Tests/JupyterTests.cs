using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Interactive.Tests;

/// <summary>Jupyter Notebook from Debian, started by a real agent for an interactive job, used through the server's proxy.</summary>
[TestFixture]
[Category("E2E")]
public sealed class JupyterTests : InteractiveTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private long _jobId;

    [OneTimeSetUp]
    public async Task StartNotebookAsync()
    {
        Requirements.Command("jupyter-notebook", "scripts/install-deps.sh installs jupyter-notebook and python3-ipykernel");
        var clock = Stopwatch.StartNew();
        _jobId = await StartSessionAsync(new JobSpec
        {
            Interactive = new InteractiveSpec { Kind = InteractiveSpec.JupyterKind },
            Resources = new ResourceRequest { Cores = 1, Walltime = TimeSpan.FromMinutes(15) },
        });
        await TestContext.Progress.WriteLineAsync($"submit to a notebook answering through the server: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task RestApi_ThroughProxy_Answers()
    {
        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(_jobId, "api/status"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(JsonNode.Parse(body)?["started"], Is.Not.Null);
            Assert.That(body, Does.Not.Contain(ServiceSecret(_jobId)));
        });
    }

    [Test]
    public async Task Kernel_ExecuteRequestOverItsWebSocket_AnswersFortyTwo()
    {
        var kernelId = await StartKernelAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + AliceToken);
        socket.Options.SetRequestHeader("Origin", Server.Url);
        await socket.ConnectAsync(WebSocketUri(_jobId, $"api/kernels/{kernelId}/channels"), CancellationToken.None);

        await socket.SendAsync(Encoding.UTF8.GetBytes(ExecuteRequest("print(6*7)")), WebSocketMessageType.Text, true, CancellationToken.None);
        var output = await ReadStreamOutputAsync(socket);

        Assert.That(output.Trim(), Is.EqualTo("42"));
    }

    [Test]
    public async Task KernelStart_FromAForeignOrigin_IsRefused()
    {
        var browser = ProxyClient(null, new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AliceToken }))
        using (var login = new HttpRequestMessage(HttpMethod.Post, $"/jobs/{_jobId}/login") { Content = form })
        {
            login.Headers.Add("Origin", Server.Url);
            (await browser.SendAsync(login)).Dispose();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Proxy(_jobId, "api/kernels")) { Content = new StringContent("{}") };
        request.Headers.Add("Origin", "https://evil.example.org");
        using var response = await browser.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Browser_LogsInOpensTheNotebookAndRunsACell_SeesFortyTwo()
    {
        var chromium = Requirements.Command("chromium");
        var chromedriver = Requirements.Command("chromedriver");
        using var contents = new StringContent("{\"type\": \"notebook\"}", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Proxy(_jobId, "api/contents")) { Content = contents };
        request.Headers.Add("Origin", Server.Url);
        using var created = await ProxyClient(AliceToken).SendAsync(request);
        var notebook = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["path"]!.GetValue<string>();
        using var profile = new TemporaryDirectory();
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.Path}", "--window-size=1280,800");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.SuppressInitialDiagnosticInformation = true;
        using var browser = new ChromeDriver(service, options, Timeout);

        browser.Navigate().GoToUrl(Server.Url + Proxy(_jobId, $"notebooks/{notebook}"));
        browser.FindElement(By.Id("token")).SendKeys(AliceToken);
        browser.FindElement(By.Id("login")).Click();
        Until(browser, () => browser.FindElements(By.CssSelector(".code_cell .CodeMirror")).Count > 0, "the notebook to show a cell");
        Until(browser, () => browser.FindElements(By.CssSelector("#kernel_indicator_icon.kernel_idle_icon")).Count > 0, "the kernel to be idle");
        browser.FindElement(By.CssSelector(".code_cell .CodeMirror")).Click();
        browser.SwitchTo().ActiveElement().SendKeys("print(6*7)");
        browser.SwitchTo().ActiveElement().SendKeys(Keys.Shift + Keys.Enter);
        Until(browser, () => browser.FindElements(By.CssSelector(".output_area pre")).Any(e => e.Text.Trim() == "42"), "the cell's output 42");

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "interactive-notebook.png");
        browser.GetScreenshot().SaveAsFile(screenshot);
        TestContext.AddTestAttachment(screenshot, "the notebook through the server's proxy");
        Assert.That(browser.PageSource, Does.Not.Contain(ServiceSecret(_jobId)));
    }

    private async Task<string> StartKernelAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Proxy(_jobId, "api/kernels")) { Content = new StringContent("{\"name\": \"python3\"}") };
        request.Headers.Add("Origin", Server.Url);
        using var response = await ProxyClient(AliceToken).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static string ExecuteRequest(string code) => new JsonObject
    {
        ["header"] = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"), ["username"] = "test", ["session"] = Guid.NewGuid().ToString("N"),
            ["msg_type"] = "execute_request", ["version"] = "5.3", ["date"] = DateTimeOffset.UtcNow.ToString("O"),
        },
        ["parent_header"] = new JsonObject(),
        ["metadata"] = new JsonObject(),
        ["content"] = new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
        },
        ["channel"] = "shell",
    }.ToJsonString();

    private static async Task<string> ReadStreamOutputAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var json = JsonNode.Parse(message.ToArray());
            if (json?["msg_type"]?.GetValue<string>() == "stream")
            {
                return json["content"]!["text"]!.GetValue<string>();
            }
        }
    }

    private static void Until(ChromeDriver browser, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; page: {browser.Url}\n{browser.PageSource[..Math.Min(2000, browser.PageSource.Length)]}");
            }

            Thread.Sleep(250);
        }
    }
}
