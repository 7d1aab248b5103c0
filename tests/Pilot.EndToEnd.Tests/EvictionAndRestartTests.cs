using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>Nothing is lost when the agent is told to leave or the server restarts.</summary>
[TestFixture]
[Category("E2E")]
public sealed class EvictionAndRestartTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task RemoveWorkDir_EveryResultDelivered_WorkDirectoryGoneWhenTheAgentLeaves()
    {
        var work = _directory.Sub("agent-removes");
        var job = await _server.Api.SubmitAsync(new JobSpec { Command = ["echo", "done"] });
        await using var agent = PilotAgentProcess.Start(_server, work, 2, "--remove-work-dir", "--idle-timeout", "2s");

        Assert.That(await agent.WaitForExitAsync(JobTimeout), Is.Zero, "the agent leaves when idle");
        Assert.That((await _server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
        Assert.That(Directory.Exists(work), Is.False, agent.Output);
    }

    [Test]
    public async Task RemoveWorkDir_ResultNotDelivered_KeepsTheDirectoryAndSaysHowToSendIt()
    {
        var work = _directory.Sub("agent-keeps");
        var marker = $"kept-{Guid.NewGuid():N}";
        await _server.Api.SubmitAsync(new JobSpec
        {
            Command = Executables.Payload("sleep", "3"),
            Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
        });
        await using var agent = PilotAgentProcess.Start(_server, work, 2, "--remove-work-dir");
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count > 0, JobTimeout, "the payload to start");

        await _server.StopAsync(9);
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, JobTimeout, "the payload to end while the server is away");
        agent.Terminate();

        Assert.That(await agent.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero);
        Assert.That(AgentWorkFiles.JournaledCount(work), Is.Positive, "the undelivered result stays in the journal");
        Assert.That(agent.Output, Does.Contain("Keeping the work directory").And.Contain("did not reach the server"));
    }

    [Test]
    public async Task AgentSigterm_MidPayload_JobIsRequeuedAndCompletedByASecondAgent()
    {
        var marker = $"evict-{Guid.NewGuid():N}";
        var job = await _server.Api.SubmitAsync(new JobSpec
        {
            Command = Executables.Payload("sleep", "5"),
            Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
        });
        await using (var first = PilotAgentProcess.Start(_server, _directory.Sub("agent-1")))
        {
            await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count > 0, JobTimeout, "the payload to start on the first agent");

            first.Terminate();

            Assert.That(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(0), "the agent drains and exits 0");
        }

        Assert.That(ProcessTable.Matching(marker), Is.Empty, "the evicted payload does not outlive its agent");
        var requeued = await _server.Api.GetJobAsync(job.Id);
        Assert.That(requeued.State, Is.EqualTo(JobState.Queued));
        Assert.That(requeued.LastOutcome, Is.EqualTo(AttemptOutcome.Evicted));

        await using var second = PilotAgentProcess.Start(_server, _directory.Sub("agent-2"));
        var done = await Eventually.UntilAsync(() => _server.Api.GetJobAsync(job.Id), j => j.State == JobState.Succeeded, JobTimeout, "the second agent to finish the job");
        var attempts = await _server.Api.GetAttemptsAsync(job.Id);

        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.Evicted, AttemptOutcome.Succeeded }));
        Assert.That(attempts[0].PilotId, Is.Not.EqualTo(attempts[1].PilotId));
        Assert.That(done.ExitCode, Is.EqualTo(0));
    }

    [TestCase(15, TestName = "ServerRestart_Graceful_NoQueuedJobIsLost")]
    [TestCase(9, TestName = "ServerRestart_Killed_NoQueuedJobIsLost")]
    public async Task ServerRestart_WhileJobsAreQueued_NothingIsLost(int signal)
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _server.Api.SubmitAsync(new JobSpec { Name = $"queued-{i}", Command = Executables.Payload("echo", $"job {i}") })).Id);
        }

        await _server.RestartAsync(signal);
        await using var agent = PilotAgentProcess.Start(_server, _directory.Sub("agent"));

        foreach (var id in ids)
        {
            var job = await Eventually.UntilAsync(() => _server.Api.GetJobAsync(id), j => j.State == JobState.Succeeded, JobTimeout, $"job {id} to succeed after the restart");
            Assert.That(job.Attempts, Is.EqualTo(1));
        }
    }
}
