using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>The server's web page in a real headless Chromium, over a real server and agent with jobs in every state.</summary>
[TestFixture]
[Category("Browser")]
public sealed class WebPageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ObservedPilot _pilot = null!;
    private TemporaryDirectory _profile = null!;
    private ChromeDriver _browser = null!;
    private JobView _failed = null!;
    private JobView _running = null!;
    private string _pilotId = "";

    [OneTimeSetUp]
    public async Task StartPilotAndBrowser()
    {
        var chromium = Requirements.Command("chromium");
        var driver = Requirements.Command("chromedriver");
        _pilot = await ObservedPilot.StartAsync(new Dictionary<string, string> { ["Pilot__Monitoring__QueueDepthInterval"] = "00:00:00.500" });
        _pilotId = await _pilot.PilotIdAsync();
        await _pilot.RunAsync(ObservedPilot.Payload("analysis-ok", "echo", "all good"));
        _failed = await _pilot.RunAsync(ObservedPilot.Payload("analysis-broken", "exit", "3") with { Labels = new Dictionary<string, string> { ["group"] = "scan-7" } });
        _running = await _pilot.Server.Api.SubmitAsync(ObservedPilot.Payload("long-simulation", "sleep", "300"));
        await _pilot.Server.Api.SubmitAsync(ObservedPilot.Payload("waiting-for-a-core", "sleep", "300") with { Resources = new ResourceRequest { Cores = 2 } });
        await Eventually.UntilAsync(() => _pilot.Server.Api.GetJobAsync(_running.Id), j => j.State == JobState.Running, Timeout, "the long job to run");

        _profile = new TemporaryDirectory();
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={_profile.Path}", "--window-size=1400,1100");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        _browser = new ChromeDriver(service, options, Timeout);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _browser?.Quit();
        _browser?.Dispose();
        _profile?.Dispose();
        await _pilot.DisposeAsync();
    }

    [Test]
    public void Page_WithJobsInEveryState_ListsThemWithTheirStates()
    {
        Open("/ui");

        var rows = WaitFor(() => Rows("jobs"), rows => rows.Count >= 4, "four jobs in the table");

        Assert.That(rows.Single(r => r.Contains("analysis-ok")), Does.Contain("succeeded"));
        Assert.That(rows.Single(r => r.Contains("analysis-broken")), Does.Contain("failed").And.Contain("payload exited 3"));
        Assert.That(rows.Single(r => r.Contains("long-simulation")), Does.Contain("running"));
        Assert.That(rows.Single(r => r.Contains("waiting-for-a-core")), Does.Contain("queued"));
    }

    [Test]
    public void Page_Pilots_ShowResourcesAndWalltimeLeft()
    {
        Open("/ui");

        var pilot = WaitFor(() => Rows("pilots").SingleOrDefault(r => r.Contains(_pilotId)) ?? "", row => row.Contains("1 / 2"), "the pilot with one of two cores free");

        Assert.That(pilot, Does.Contain("testsite").And.Contain("active"));
        Assert.That(pilot, Does.Match(@"\b5\dm \d+s\b"), "walltime left of a pilot started with --walltime 1h");
    }

    [Test]
    public void Page_FilteredByStateOrGroup_ShowsOnlyThoseJobs()
    {
        Open("/ui?state=failed");
        var failed = WaitFor(() => Rows("jobs"), rows => rows.Count > 0, "the failed jobs");
        Open("/ui?group=scan-7");
        var group = WaitFor(() => Rows("jobs"), rows => rows.Count > 0, "the group's jobs");

        Assert.That(failed, Has.Count.EqualTo(1).And.All.Contain("analysis-broken"));
        Assert.That(group, Has.Count.EqualTo(1).And.All.Contain("analysis-broken"));
    }

    [Test]
    public void Page_ForARunningJob_ShowsItsAttemptsAndLiveLog()
    {
        Open($"/ui?job={_running.Id}");

        var log = WaitFor(() => _browser.FindElement(By.Id("log")).Text, text => text.Contains("sleeping 300 s"), "the payload's live log");
        var attempts = Rows("attempts");

        Assert.That(log, Does.Contain("process:"));
        Assert.That(attempts.Single(), Does.Contain(_pilotId).And.Contain("running"));
        Assert.That(_browser.FindElement(By.Id("job-title")).Text, Does.Contain("long-simulation"));
    }

    [Test]
    public void Page_Header_ShowsQueueDepthAndDrawsItsChart()
    {
        Open($"/ui?job={_failed.Id}");

        WaitFor(() => _browser.FindElement(By.Id("stat-queued")).Text, text => text == "1", "one queued job in the header");
        var lines = _browser.FindElements(By.CssSelector("#depth polyline"));
        WaitFor(() => _browser.FindElement(By.Id("log")).Text, text => text.Contains("exiting with 3"), "the failed job's log");
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "web-page.png");
        _browser.GetScreenshot().SaveAsFile(screenshot);
        TestContext.AddTestAttachment(screenshot, "the web page");

        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(_browser.FindElement(By.Id("stat-running")).Text, Is.EqualTo("1"));
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
    }

    private void Open(string path) => _browser.Navigate().GoToUrl(_pilot.Server.Url + path);

    private List<string> Rows(string table) =>
        _browser.FindElements(By.CssSelector($"#{table} tbody tr")).Select(row => row.Text).ToList();

    private T WaitFor<T>(Func<T> probe, Func<T, bool> done, string what)
    {
        var last = default(T);
        try
        {
            return new WebDriverWait(_browser, Timeout).Until(_ =>
            {
                last = probe();
                return done(last) ? last : default;
            })!;
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail($"timed out waiting for {what}; last seen: {last}");
            throw;
        }
    }
}
