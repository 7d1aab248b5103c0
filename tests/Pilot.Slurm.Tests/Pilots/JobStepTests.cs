using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Slurm.Tests.Pilots;

/// <summary>Payloads with several tasks run as srun job steps inside the pilot's allocation.</summary>
[TestFixture]
[Category("Slurm")]
public sealed class JobStepTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task TwoTaskJob_RunsAsOneSrunStepWithACorePerTask()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var job = await server.Api.SubmitAsync(new JobSpec
        {
            Name = "two-tasks",
            Command = ["sh", "-c", "echo \"task $SLURM_PROCID of $SLURM_NTASKS in step $SLURM_STEP_ID with $SLURM_CPUS_PER_TASK cpu, OMP $OMP_NUM_THREADS, tasks $PILOT_TASKS\""],
            Resources = new ResourceRequest { Cores = 2, Tasks = 2, Walltime = Minute },
        });

        await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), cores: 2, agentArguments: ["--idle-timeout", "5s"]);
        var done = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State is JobState.Succeeded or JobState.Failed, 2 * Minute, "the two-task job to end");
        using var response = await server.Api.GetLogAsync(job.Id);
        var log = await response.Content.ReadAsStringAsync();

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), log);
        Assert.That(log, Does.Contain("task 0 of 2 in step").And.Contain("task 1 of 2 in step"), "srun started two tasks");
        Assert.That(log, Does.Contain("with 1 cpu, OMP 1, tasks 2"));
        Assert.That(log, Does.Contain("srun --nodes=1 --ntasks=2 --cpus-per-task=1"), "the log names the step's command line");
    }

    [Test]
    public async Task TwoTaskJobCancelled_StepStoppedOnEveryTask_NothingLeftRunning()
    {
        await using var slurm = new SlurmPilots();
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        var marker = $"step-{Guid.NewGuid():N}";
        var job = await server.Api.SubmitAsync(new JobSpec
        {
            Name = "two-sleepers",
            Command = SlurmPilots.Payload("sleep", "300"),
            Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
            Resources = new ResourceRequest { Cores = 2, Tasks = 2, Walltime = 2 * Minute },
        });

        await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), cores: 2, agentArguments: ["--idle-timeout", "5s"]);
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, 2 * Minute, "both tasks of the step to start");
        await server.Api.CancelAsync(job.Id);
        var cancelled = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.FinishedAt is not null, Minute, "the cancel to reach the step");
        var leftovers = await Eventually.UntilAsync(() => Task.FromResult(ProcessTable.Matching(marker)), left => left.Count == 0, TimeSpan.FromSeconds(30), "the step's tasks to be gone");

        Assert.That(cancelled.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(leftovers, Is.Empty);
    }
}
