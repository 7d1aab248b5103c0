using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>A real server process and a real agent process on loopback running real payloads.</summary>
[TestFixture]
[Category("E2E")]
public sealed class PayloadLifecycleTests : ServerAndAgentTest
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Payload_ThatSucceeds_EndsSucceededWithItsOutputInTheLog()
    {
        var job = await SubmitAsync(Executables.Payload("echo", "hello", "pilot"));

        var done = await WaitForEndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded));
        Assert.That(done.ExitCode, Is.EqualTo(0));
        Assert.That(await LogOfAsync(job.Id), Does.Contain("hello pilot"));
    }

    [Test]
    public async Task Payload_ThatExits3_EndsFailedWithExitCode3()
    {
        var job = await SubmitAsync(Executables.Payload("exit", "3"));

        var done = await WaitForEndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Failed));
        Assert.That(done.ExitCode, Is.EqualTo(3));
        Assert.That(done.Reason, Does.Contain("payload exited 3"));
        Assert.That(done.LogTail, Does.Contain("exiting with 3"));
    }

    [Test]
    public async Task Payload_ThatPrints10MB_HasItsWholeLogOnTheServer()
    {
        const long size = 10L * 1024 * 1024;
        var job = await SubmitAsync(Executables.Payload("flood", size.ToString()));

        var done = await WaitForEndAsync(job.Id);
        using var log = await Server.Api.GetLogAsync(job.Id);
        var bytes = await log.Content.ReadAsByteArrayAsync();

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded));
        var payloadBytes = bytes.Length - FirstLineLength(bytes);
        Assert.That(payloadBytes, Is.EqualTo(size), "the log holds the runtime's command line, then every byte the payload wrote");
    }

    [Test]
    public async Task Payload_CancelledWhileRunning_IsStoppedAndLeavesNoProcess()
    {
        var marker = $"cancel-{Guid.NewGuid():N}";
        var job = await SubmitAsync(Executables.Payload("sleep", "300"), new Dictionary<string, string> { ["TEST_MARKER"] = marker });
        await Eventually.UntilAsync(() => Server.Api.GetJobAsync(job.Id), j => j.State == JobState.Running, JobTimeout, "the job to start");
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count > 0, JobTimeout, "the payload process to appear");

        await Server.Api.CancelAsync(job.Id);
        var attempts = await Eventually.UntilAsync(
            () => Server.Api.GetAttemptsAsync(job.Id), a => a.Single().Outcome != AttemptOutcome.Running, JobTimeout, "the pilot to report the stopped attempt");

        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Cancelled));
        Assert.That(attempts.Single().Outcome, Is.EqualTo(AttemptOutcome.Cancelled));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(10), "the payload process to be gone");
    }

    [Test]
    public async Task Payload_MissingProgram_FailsAsSetupFailureAndThePilotKeepsServing()
    {
        var missing = await SubmitAsync(["/no/such/program"]);
        var fine = await SubmitAsync(Executables.Payload("echo", "still", "serving"));

        var failed = await WaitForEndAsync(missing.Id);
        var succeeded = await WaitForEndAsync(fine.Id);

        Assert.That(failed.State, Is.EqualTo(JobState.Failed));
        Assert.That(failed.LastOutcome, Is.EqualTo(AttemptOutcome.SetupFailed));
        Assert.That(failed.Reason, Does.Contain("'/no/such/program' was not found"));
        Assert.That(succeeded.State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task Payloads_RunSideBySideUpToTheAgentsCores()
    {
        var jobs = new List<JobView>();
        for (var i = 0; i < 2; i++)
        {
            jobs.Add(await SubmitAsync(Executables.Payload("sleep", "3")));
        }

        await Eventually.UntilAsync(
            async () => (await Server.Api.ListJobsAsync(state: "running")).Jobs.Count,
            running => running == 2,
            JobTimeout,
            "both one-core jobs to run at once on the two-core agent");
        foreach (var job in jobs)
        {
            Assert.That((await WaitForEndAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
        }
    }

    private async Task<JobView> SubmitAsync(string[] command, Dictionary<string, string>? environment = null) =>
        await Server.Api.SubmitAsync(new JobSpec { Command = command, Environment = environment, Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(10) } });

    private Task<JobView> WaitForEndAsync(long id) =>
        Eventually.UntilAsync(() => Server.Api.GetJobAsync(id), j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, JobTimeout, $"job {id} to end");

    private async Task<string> LogOfAsync(long id)
    {
        using var response = await Server.Api.GetLogAsync(id);
        return await response.Content.ReadAsStringAsync();
    }

    private static int FirstLineLength(byte[] bytes) => Array.IndexOf(bytes, (byte)'\n') + 1;
}
