using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Slurm.Tests.Pilots;

[TestFixture]
[Category("Slurm")]
public sealed class SbatchPilotTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task PilotSubmittedByUser_RunsABatchOfPayloadsAsThatUserAndLeavesWhenIdle()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var jobs = new List<JobView>();
        for (var i = 0; i < 6; i++)
        {
            jobs.Add(await server.Api.SubmitAsync(new JobSpec { Name = $"batch-{i}", Command = ["id", "-un"], Resources = new ResourceRequest { Walltime = Minute } }));
        }

        var submitted = DateTimeOffset.UtcNow;
        var batchJob = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), agentArguments: ["--idle-timeout", "5s"]);
        var done = await Eventually.UntilAsync(
            async () => await Task.WhenAll(jobs.Select(job => server.Api.GetJobAsync(job.Id))),
            views => views.All(view => view.State == JobState.Succeeded),
            2 * Minute,
            "every payload to succeed");
        var finished = await slurm.WaitUntilFinishedAsync(batchJob, Minute);

        Assert.That(done.Select(view => view.LogTail?.Trim().Split('\n')[^1]), Has.All.EqualTo(SlurmPilots.User), "payloads run as the user who submitted the pilot");
        Assert.That(finished.State, Is.EqualTo("COMPLETED"), "the pilot left on its own with exit code 0");
        Assert.That(slurm.OutputOf(batchJob), Does.Contain("idle for 5 s").And.Contain($"Slurm job {batchJob}"));
        var firstStart = done.Min(view => view.StartedAt!.Value);
        await TestContext.Out.WriteLineAsync($"measured: sbatch to first payload started {(firstStart - submitted).TotalSeconds:0.0} s");
    }

    [Test]
    public async Task JobLongerThanAPilotsTimeLeft_NotStartedThere_RunsOnAPilotWithEnoughTime()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var job = await server.Api.SubmitAsync(new JobSpec { Name = "four-minutes", Command = ["true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(4) } });

        var shortPilot = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(3), agentArguments: ["--idle-timeout", "5s"]);
        await slurm.WaitUntilFinishedAsync(shortPilot, 2 * Minute);
        var afterShort = await server.Api.GetJobAsync(job.Id);

        await slurm.SubmitAsync(server, TimeSpan.FromMinutes(10), agentArguments: ["--idle-timeout", "5s"]);
        var done = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State == JobState.Succeeded, 2 * Minute, "the pilot with enough time to run it");
        var attempts = await server.Api.GetAttemptsAsync(job.Id);

        Assert.That(afterShort.State, Is.EqualTo(JobState.Queued), "a pilot with 3 min (less its margins) never starts a 4 min job");
        Assert.That(afterShort.Attempts, Is.Zero);
        Assert.That(slurm.OutputOf(shortPilot), Does.Contain("idle for 5 s"), "the short pilot asked for work and got none");
        Assert.That(attempts, Has.Count.EqualTo(1), "run once, by the second pilot");
        Assert.That(done.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task PilotSubmittedByUser_RegistersWithItsSlurmJobAndEndTime()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);

        var batchJob = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), cores: 2, agentArguments: ["--idle-timeout", "3s"]);
        var pilots = await Eventually.UntilAsync(() => server.Api.ListPilotsAsync(), list => list.Count > 0, Minute, "the pilot to register");
        await slurm.WaitUntilFinishedAsync(batchJob, Minute);

        var pilot = pilots.Single();
        Assert.That(pilot.BatchJobId, Is.EqualTo(batchJob));
        Assert.That(pilot.Resources.Cores, Is.EqualTo(2), "SLURM_CPUS_ON_NODE, not the machine's cores");
        Assert.That(pilot.Resources.MemoryMb, Is.EqualTo(2000), "SLURM_MEM_PER_NODE");
        Assert.That(pilot.WalltimeEnd, Is.InRange(DateTimeOffset.UtcNow.AddMinutes(3), DateTimeOffset.UtcNow.AddMinutes(6)), "squeue's end time");
    }
}
