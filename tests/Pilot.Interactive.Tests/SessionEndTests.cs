using System.Net;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Interactive.Tests;

/// <summary>A session ends with its job, however the job ends, and leaves no process behind.</summary>
[TestFixture]
[Category("E2E")]
public sealed class SessionEndTests : InteractiveTest
{
    [Test]
    public async Task Cancel_EndsTheSession_AndLeavesNoProcess()
    {
        var (jobId, marker) = await StartMarkedSessionAsync(HttpService());

        await Alice.CancelAsync(jobId);

        await AssertEndedAsync(jobId, marker);
    }

    [Test]
    public async Task Walltime_EndsTheSession_AndLeavesNoProcess()
    {
        var (jobId, marker) = await StartMarkedSessionAsync(HttpService(TimeSpan.FromSeconds(15)));

        await Eventually.UntilAsync(() => Alice.GetJobAsync(jobId), job => job.State != JobState.Running, TimeSpan.FromSeconds(60), "the walltime to end the job");

        await AssertEndedAsync(jobId, marker);
    }

    [Test]
    [Category("Slurm")]
    public async Task Scancel_OfThePilot_EndsTheSession_AndLeavesNoProcess()
    {
        await using var slurm = new SlurmPilots();
        var script = Path.Combine(slurm.SharedDirectory, "web_service.py");
        File.Copy(WebService, script);
        var spec = HttpService(TimeSpan.FromMinutes(2)) with { Command = ["/usr/bin/python3", script], Site = "slurm-interactive" };
        var batchJob = await slurm.SubmitAsync(Server, TimeSpan.FromMinutes(5), agentArguments: ["--site", "slurm-interactive"]);
        var (jobId, marker) = await StartMarkedSessionAsync(spec, () => slurm.OutputOf(batchJob));

        await slurm.CancelAsync(batchJob);
        await slurm.WaitUntilFinishedAsync(batchJob, TimeSpan.FromMinutes(1));

        await AssertEndedAsync(jobId, marker);
    }

    private async Task<(long JobId, string Marker)> StartMarkedSessionAsync(JobSpec spec, Func<string>? pilotOutput = null)
    {
        var marker = $"PILOT_TEST_SESSION_{Guid.NewGuid():N}";
        long jobId;
        try
        {
            jobId = await StartSessionAsync(spec with { Environment = new Dictionary<string, string> { [marker] = "1" } });
        }
        catch (AssertionException) when (pilotOutput is not null)
        {
            await TestContext.Out.WriteLineAsync("--- pilot batch job output ---\n" + pilotOutput());
            throw;
        }

        Assert.That(ProcessTable.Matching(marker), Is.Not.Empty, "the service runs");
        return (jobId, marker);
    }

    private async Task AssertEndedAsync(long jobId, string marker)
    {
        var view = await Eventually.UntilAsync(() => Alice.GetInteractiveAsync(jobId), v => !v.Ready, TimeSpan.FromSeconds(60), "the session to end");
        using var response = await ProxyClient(AliceToken).GetAsync(Proxy(jobId, "echo"));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(30), "the service's processes to be gone");

        Assert.Multiple(() =>
        {
            Assert.That(view.Reason, Does.Contain("its session is open only while it runs"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }
}
