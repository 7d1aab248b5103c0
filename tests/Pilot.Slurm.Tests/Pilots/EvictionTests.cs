using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Slurm.Tests.Pilots;

[TestFixture]
[Category("Slurm")]
public sealed class EvictionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task SiteSignal_PayloadsStoppedRequeuedAndFinishedByTheNextPilot_NothingLeftRunning()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var marker = $"evict-{Guid.NewGuid():N}";
        var jobs = new List<JobView>();
        for (var i = 0; i < 2; i++)
        {
            jobs.Add(await server.Api.SubmitAsync(new JobSpec
            {
                Name = $"long-{i}",
                Command = SlurmPilots.Payload("sleep", "20"),
                Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
                Resources = new ResourceRequest { Walltime = Minute },
            }));
        }

        var first = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(3));
        await Eventually.UntilAsync(() => States(server, jobs), states => states.All(s => s == JobState.Running), Minute, "both payloads to run in the first pilot");
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, Minute, "both payload processes to start");
        var signalled = DateTimeOffset.UtcNow;
        await slurm.SignalAsync(first, "USR1");
        var evicted = await Eventually.UntilAsync(
            () => Views(server, jobs),
            views => views.All(view => view.LastOutcome == AttemptOutcome.Evicted),
            Minute,
            "both payloads to be reported evicted");
        var reported = DateTimeOffset.UtcNow;
        var leftovers = ProcessTable.Matching(marker);
        var firstEnded = await slurm.WaitUntilFinishedAsync(first, Minute);

        Assert.That(leftovers, Is.Empty, "no payload process outlives the pilot's eviction");
        Assert.That(evicted.Select(view => view.State), Has.All.EqualTo(JobState.Queued), "evicted jobs go back to the queue at once");
        Assert.That(firstEnded.State, Is.EqualTo("COMPLETED"), "the pilot exits 0 before Slurm's kill");
        await TestContext.Out.WriteLineAsync($"measured: eviction signal to all payloads reported {(reported - signalled).TotalSeconds:0.0} s (upper bound, polled)");

        await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), agentArguments: ["--idle-timeout", "5s"]);
        var done = await Eventually.UntilAsync(() => Views(server, jobs), views => views.All(view => view.State == JobState.Succeeded), 2 * Minute, "the next pilot to finish both jobs");

        Assert.That(done.Select(view => view.Attempts), Has.All.EqualTo(2));
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    [Test]
    public async Task PlainScancel_PayloadsKilledBySlurmsSigterm_AreEvictedAndRequeued_NotFailed()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var marker = $"scancel-{Guid.NewGuid():N}";
        var jobs = new List<JobView>();
        for (var i = 0; i < 2; i++)
        {
            jobs.Add(await server.Api.SubmitAsync(new JobSpec
            {
                Name = $"cancelled-with-pilot-{i}",
                Command = ["sh", "-c", "sleep 120"],
                Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
                Resources = new ResourceRequest { Walltime = Minute },
            }));
        }

        var pilot = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(3));
        await Eventually.UntilAsync(() => States(server, jobs), states => states.All(s => s == JobState.Running), Minute, "both payloads to run");
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, Minute, "both payload processes to start");
        await slurm.CancelAsync(pilot);
        var evicted = await Eventually.UntilAsync(
            () => Views(server, jobs),
            views => views.All(view => view.LastOutcome is not null and not AttemptOutcome.Running),
            Minute,
            "both payloads to be reported");

        Assert.That(evicted.Select(view => view.LastOutcome), Has.All.EqualTo(AttemptOutcome.Evicted), string.Join("; ", evicted.Select(view => view.Reason)));
        Assert.That(evicted.Select(view => view.State), Has.All.EqualTo(JobState.Queued));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, Minute, "no payload process to be left");
    }

    [Test]
    public async Task ShortTimeLimit_PilotLeavesAtItsDieDeadlineBeforeSlurmsKill()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);

        // 1 minute, warning signal 1 s before the end: the die deadline (end - grace - 30 s - spread) comes first.
        var batchJob = await slurm.SubmitAsync(server, Minute, signalLead: TimeSpan.FromSeconds(1));
        var finished = await slurm.WaitUntilFinishedAsync(batchJob, 2 * Minute);

        Assert.That(finished.State, Is.EqualTo("COMPLETED"), "left by itself with exit 0, not TIMEOUT");
        Assert.That(slurm.OutputOf(batchJob), Does.Contain("Die deadline reached"));
    }

    private static async Task<JobView[]> Views(PilotServerProcess server, IEnumerable<JobView> jobs) =>
        await Task.WhenAll(jobs.Select(job => server.Api.GetJobAsync(job.Id)));

    private static async Task<JobState[]> States(PilotServerProcess server, IEnumerable<JobView> jobs) =>
        (await Views(server, jobs)).Select(view => view.State).ToArray();
}
