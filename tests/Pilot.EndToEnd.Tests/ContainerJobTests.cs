using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>
/// Container jobs through a real server and agent: Charliecloud from a busybox root filesystem, a site runtime defined
/// only by configuration, and the bad inputs (unknown runtime, missing image) answered clearly.
/// </summary>
[TestFixture]
[Category("E2E")]
[Category("Containers")]
public sealed class ContainerJobTests
{
    private const string SiteRuntime = "sitebox";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;
    private PilotProcess _agent = null!;
    private string _rootfs = null!;

    [OneTimeSetUp]
    public async Task StartServerAndAgent()
    {
        Requirements.Command("ch-run");
        _directory = new TemporaryDirectory();
        _rootfs = BusyboxRootfs.Create(_directory.Sub("rootfs"));
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"), extra: ["--site-runtime", SiteRuntime]);
        // ch-run wants $USER, which a service manager may not set.
        var environment = new Dictionary<string, string> { ["USER"] = Environment.UserName };
        _agent = PilotAgentProcess.Start(_server, _directory.Sub("agent"), environment, 2, "--config", SiteRuntimeSettings(_directory.Sub("site.json")));
    }

    [OneTimeTearDown]
    public async Task StopServerAndAgent()
    {
        await _agent.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task CharliecloudJob_RunsInTheContainer_AndItsOutputReachesTheServerLog()
    {
        var job = await SubmitAsync(new RuntimeSpec { Type = "charliecloud", Image = _rootfs }, ["/bin/sh", "-c", "echo in-container; ls /bin/busybox; echo job=$PILOT_JOB_ID >&2"]);

        var done = await WaitForEndAsync(job.Id);
        var log = await LogOfAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(log, Does.Contain("in-container").And.Contain("/bin/busybox").And.Contain($"job={job.Id}"));
        Assert.That(log, Does.Contain("charliecloud: ch-run --bind="), "the log starts with the exact command line");
    }

    [Test]
    public async Task SubmitShortcut_ImageOnly_GuessesCharliecloudAndWaitsForTheResult()
    {
        await using var cli = PilotProcess.Start(_server.CliArguments("submit", "--image", _rootfs, "--wait", "--", "/bin/sh", "-c", "exit 4"));

        var code = await cli.WaitForExitAsync(JobTimeout);

        Assert.That(code, Is.EqualTo(4), cli.Output);
        var job = (await _server.Api.ListJobsAsync()).Jobs.First(j => j.Spec.Runtime.Image == _rootfs && j.Spec.Command.Contains("exit 4"));
        Assert.That(job.Spec.Runtime.Type, Is.EqualTo("charliecloud"));
    }

    [Test]
    public async Task CharliecloudJob_CancelledWhileRunning_LeavesNoProcessOfTheContainer()
    {
        var marker = $"container-cancel-{Guid.NewGuid():N}";
        var job = await _server.Api.SubmitAsync(new JobSpec
        {
            Command = ["/bin/sh", "-c", "sleep 300 & sleep 300"],
            Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
            Runtime = new RuntimeSpec { Type = "charliecloud", Image = _rootfs },
        });
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, JobTimeout, "both sleeps to run in the container");

        await _server.Api.CancelAsync(job.Id);
        var done = await WaitForEndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Cancelled));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(15), "every process of the container to be gone");
    }

    [Test]
    public async Task CliSubmit_UnknownRuntime_ServerNamesTheKnownOnesInOneLine()
    {
        await using var cli = PilotProcess.Start(_server.CliArguments("submit", "--runtime", "docker", "--image", "docker://alpine", "--", "true"));

        var code = await cli.WaitForExitAsync(JobTimeout);

        Assert.That(code, Is.Not.Zero);
        Assert.That(cli.Output, Does.Contain("unknown runtime 'docker'; known runtimes: apptainer, bwrap, charliecloud").And.Contain(SiteRuntime));
        Assert.That(cli.Output, Does.Not.Contain("   at "), "one clear line, no stack trace");
    }

    [Test]
    public async Task Submit_UnknownRuntime_Is400NamingTheKnownOnes()
    {
        var spec = new JobSpec { Command = ["true"], Runtime = new RuntimeSpec { Type = "docker", Image = "docker://alpine" } };

        using var response = await _server.Http.PostAsJsonAsync($"{IPilotApi.Prefix}/jobs", spec, PilotJson.Options);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("unknown runtime 'docker'").And.Contain("apptainer, bwrap, charliecloud").And.Contain(SiteRuntime));
    }

    [Test]
    public async Task MissingImage_FailsAsSetupFailureWithTheReason_AndThePilotKeepsServing()
    {
        var missing = _directory.Sub("no-such-image");
        var broken = await SubmitAsync(new RuntimeSpec { Type = "charliecloud", Image = missing }, ["/bin/true"]);
        var fine = await SubmitAsync(new RuntimeSpec { Type = "charliecloud", Image = _rootfs }, ["/bin/echo", "still", "serving"]);

        var failed = await WaitForEndAsync(broken.Id);
        var succeeded = await WaitForEndAsync(fine.Id);

        Assert.That(failed.State, Is.EqualTo(JobState.Failed));
        Assert.That(failed.LastOutcome, Is.EqualTo(AttemptOutcome.SetupFailed));
        Assert.That(failed.Reason, Does.Contain($"image {missing} does not exist on this node"));
        Assert.That(succeeded.State, Is.EqualTo(JobState.Succeeded));
        Assert.That(_agent.HasExited, Is.False);
    }

    [Test]
    public async Task JobForARuntimeNoPilotOffers_StaysQueuedAndSaysWhy()
    {
        await Eventually.UntilAsync(() => _server.Api.ListPilotsAsync(), pilots => pilots.Any(p => p.State == "active"), JobTimeout, "the agent to register");
        var job = await SubmitAsync(new RuntimeSpec { Type = "sarus", Image = "docker://alpine:3.20" }, ["true"]);

        var waiting = await Eventually.UntilAsync(() => _server.Api.GetJobAsync(job.Id), j => j.Reason is not null, JobTimeout, "the job to say why it waits");
        await _server.Api.CancelAsync(job.Id);

        Assert.That(waiting.State, Is.EqualTo(JobState.Queued));
        Assert.That(waiting.Reason, Does.Contain("no active pilot offers runtime 'sarus'").And.Contain("charliecloud").And.Contain(SiteRuntime));
    }

    [Test]
    public async Task SiteRuntime_DefinedOnlyByConfiguration_RunsItsTemplate()
    {
        var job = await SubmitAsync(new RuntimeSpec { Type = SiteRuntime, Image = _rootfs }, ["/bin/sh", "-c", "echo from-the-site-runtime in $(pwd)"]);

        var done = await WaitForEndAsync(job.Id);
        var log = await LogOfAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(log, Does.Contain($"{SiteRuntime}: ch-run --bind=").And.Contain("from-the-site-runtime in /"));
    }

    [Test]
    public async Task Agent_SiteRuntimeWithABuiltInName_DoesNotStartAndSaysWhy()
    {
        await using var agent = PilotAgentProcess.Start(_server, _directory.Sub("bad-agent"), 1, "--config", SiteRuntimeSettings(_directory.Sub("bad.json"), "bwrap"));

        var code = await agent.WaitForExitAsync(JobTimeout);

        Assert.That(code, Is.Not.Zero);
        Assert.That(agent.Output, Does.Contain("site runtime 'bwrap' has the name of a built-in runtime; choose another"));
    }

    /// <summary>A site runtime that is Charliecloud by another name, in a settings file as a site would write it.</summary>
    private static string SiteRuntimeSettings(string file, string name = SiteRuntime)
    {
        var runtime = new
        {
            Name = name,
            Command = new[] { "ch-run", "{binds}", "--cd={workdir}", "{image}", "--", "{command}" },
            Bind = new[] { "--bind={source}:{target}" },
            Probe = new[] { "ch-run", "--version" },
        };
        File.WriteAllText(file, JsonSerializer.Serialize(new { Pilot = new { Agent = new { SiteRuntimes = new[] { runtime } } } }));
        return file;
    }

    private Task<JobView> SubmitAsync(RuntimeSpec runtime, string[] command) =>
        _server.Api.SubmitAsync(new JobSpec
        {
            Command = command,
            Runtime = runtime,
            Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(5) },
            Retries = new RetryPolicy { SetupFailure = 0 },
        });

    private Task<JobView> WaitForEndAsync(long id) =>
        Eventually.UntilAsync(() => _server.Api.GetJobAsync(id), j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, JobTimeout, $"job {id} to end");

    private async Task<string> LogOfAsync(long id)
    {
        using var response = await _server.Api.GetLogAsync(id);
        return await response.Content.ReadAsStringAsync();
    }
}
