using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.NativeAgent.Tests;

/// <summary>The Native AOT <c>pilot-agent</c> against a real server: real payloads, their logs, a cancel, and its options.</summary>
[TestFixture]
[Category("E2E")]
public sealed class NativeAgentTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;
    private PilotProcess _agent = null!;

    [SetUp]
    public async Task StartServerAndNativeAgentAsync()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        _agent = PilotAgentProcess.StartNative(_server, _directory.Sub("agent"), cores: 2);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _agent.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task Payloads_ThroughTheNativeAgent_EndAsTheyExitWithTheirLogs()
    {
        var echoes = new List<JobView>();
        for (var i = 0; i < 20; i++)
        {
            echoes.Add(await SubmitAsync(Executables.Payload("echo", "native", i.ToString())));
        }

        var failing = await SubmitAsync(Executables.Payload("exit", "3"));
        var missing = await SubmitAsync(["/no/such/program"]);

        foreach (var (job, i) in echoes.Select((job, i) => (job, i)))
        {
            Assert.That((await WaitForEndAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
            Assert.That(await LogOfAsync(job.Id), Does.Contain($"native {i}"));
        }

        var failed = await WaitForEndAsync(failing.Id);
        Assert.That(failed.State, Is.EqualTo(JobState.Failed));
        Assert.That(failed.ExitCode, Is.EqualTo(3));
        Assert.That(failed.LogTail, Does.Contain("exiting with 3"));
        Assert.That((await WaitForEndAsync(missing.Id)).LastOutcome, Is.EqualTo(AttemptOutcome.SetupFailed));
        Assert.That(_agent.HasExited, Is.False, "the agent keeps serving");
    }

    [Test]
    public async Task Payload_CancelledWhileRunning_IsStoppedAndReportedCancelled()
    {
        var marker = $"native-cancel-{Guid.NewGuid():N}";
        var job = await SubmitAsync(Executables.Payload("sleep", "300"), new Dictionary<string, string> { ["TEST_MARKER"] = marker });
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count > 0, JobTimeout, "the payload process to appear");

        await _server.Api.CancelAsync(job.Id);
        var attempts = await Eventually.UntilAsync(
            () => _server.Api.GetAttemptsAsync(job.Id), a => a.Single().Outcome != AttemptOutcome.Running, JobTimeout, "the pilot to report the stopped attempt");

        Assert.That(attempts.Single().Outcome, Is.EqualTo(AttemptOutcome.Cancelled));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(10), "the payload process to be gone");
    }

    [Test]
    public async Task NativeAgent_TerminatedMidPayload_EvictsItForRequeueAndExitsZero()
    {
        var marker = $"native-evict-{Guid.NewGuid():N}";
        var job = await SubmitAsync(Executables.Payload("sleep", "30"), new Dictionary<string, string> { ["TEST_MARKER"] = marker });
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count > 0, JobTimeout, "the payload process to appear");

        _agent.Terminate();

        Assert.That(await _agent.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, "the agent drains and exits 0");
        Assert.That(ProcessTable.Matching(marker), Is.Empty, "the evicted payload does not outlive its agent");
        var requeued = await _server.Api.GetJobAsync(job.Id);
        Assert.That(requeued.State, Is.EqualTo(JobState.Queued));
        Assert.That(requeued.LastOutcome, Is.EqualTo(AttemptOutcome.Evicted));
    }

    [Test]
    public async Task MetricsPort_ServesThePayloadCountersInPrometheusFormat()
    {
        var port = Ports.Free();
        await using var agent = PilotAgentProcess.StartNative(_server, _directory.Sub("agent-metrics"), 1, "--metrics-port", port.ToString(), "--metrics-host", "127.0.0.1");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var metrics = await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                }
                catch (HttpRequestException)
                {
                    return "";
                }
            },
            text => text.Contains("pilot_agent_payloads_finished_total", StringComparison.Ordinal),
            JobTimeout,
            "the agent's metrics endpoint");

        Assert.That(metrics, Does.Contain("pilot_agent_payloads_finished_total{outcome=\"succeeded\"}"));
    }

    private async Task<JobView> SubmitAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null) =>
        await _server.Api.SubmitAsync(new JobSpec
        {
            Command = command,
            Environment = environment,
            Resources = new ResourceRequest { Cores = 1, Walltime = TimeSpan.FromMinutes(5) },
        });

    private async Task<JobView> WaitForEndAsync(long id) =>
        await Eventually.UntilAsync(() => _server.Api.GetJobAsync(id), j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, JobTimeout, $"job {id} to end");

    private async Task<string> LogOfAsync(long id)
    {
        using var log = await _server.Api.GetLogAsync(id);
        return await log.Content.ReadAsStringAsync();
    }
}
