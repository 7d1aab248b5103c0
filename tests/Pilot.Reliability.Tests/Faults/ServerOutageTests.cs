using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Reliability.Tests.Faults;

/// <summary>
/// The server unreachable while payloads run: agents keep running them, journal their results on disk and replay
/// them when the server is back; the server gives leases a fresh TTL for the time it was not watching.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class ServerOutageTests
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private TemporaryDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ServerDownFor60Seconds_WhilePayloadsRun_ResultsAreJournaledAndReplayedNoneLost()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "20s");
        var node = _directory.Sub("node");
        await using var agent = PilotAgentProcess.Start(server, node, cores: 4);
        var ids = await SubmitAndWaitRunningAsync(server, node, count: 4, seconds: 5);

        var downAt = DateTime.UtcNow;
        await server.StopAsync(SigKill);
        await Eventually.UntilAsync(() => Task.FromResult(Journaled(node)), n => n == ids.Count, JobTimeout, "every result to be journaled on the node");
        Assert.That(agent.HasExited, Is.False, "the agent rides out the outage");
        await Task.Delay(downAt + TimeSpan.FromSeconds(60) - DateTime.UtcNow);
        await server.StartAgainAsync(leaseTtl: "20s");

        await AssertEachSucceededOnceAsync(server, ids);
        await Eventually.UntilAsync(() => Task.FromResult(Journaled(node)), n => n == 0, JobTimeout, "the journal to be emptied once the server has every result");
    }

    [Test]
    public async Task ServerDown_AgentKilledAndRestartedMeanwhile_TheRestartedAgentReplaysTheJournal()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "20s");
        var node = _directory.Sub("node");
        var first = PilotAgentProcess.Start(server, node, cores: 2);
        var ids = await SubmitAndWaitRunningAsync(server, node, count: 2, seconds: 2);

        await server.StopAsync(SigKill);
        await Eventually.UntilAsync(() => Task.FromResult(Journaled(node)), n => n == ids.Count, JobTimeout, "both results to be journaled");
        first.KillHard();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await first.DisposeAsync();
        await using var second = PilotAgentProcess.Start(server, node, cores: 2);
        await server.StartAgainAsync(leaseTtl: "20s");

        await AssertEachSucceededOnceAsync(server, ids);
    }

    [Test]
    public async Task ServerPaused_LongerThanTwoTtls_LeasesAreNotExpiredForThePauseAndResultsArrive()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "5s");
        var node = _directory.Sub("node");
        await using var agent = PilotAgentProcess.Start(server, node, cores: 2);
        var ids = await SubmitAndWaitRunningAsync(server, node, count: 2, seconds: 4);

        server.Process.Signal(SigStop);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(15));
        }
        finally
        {
            server.Process.Signal(SigCont);
        }

        await AssertEachSucceededOnceAsync(server, ids);
        Assert.That(agent.Output, Does.Not.Contain("Server ordered Kill"), "no payload was stopped because of the pause");
    }

    /// <summary>Waits until the payloads run on the node, not only until the server granted them (its answer may not have arrived).</summary>
    private static async Task<List<long>> SubmitAndWaitRunningAsync(PilotServerProcess server, string workDirectory, int count, int seconds)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await server.Api.SubmitAsync(new JobSpec { Name = $"outage-{i}", Command = ["/bin/sh", "-c", $"sleep {seconds}; echo finished"] })).Id);
        }

        await Eventually.UntilAsync(() => Task.FromResult(AgentWorkFiles.RunningCount(workDirectory)), n => n == count, JobTimeout, "every payload to start on the node");
        return ids;
    }

    private static async Task AssertEachSucceededOnceAsync(PilotServerProcess server, List<long> ids)
    {
        foreach (var id in ids)
        {
            var job = await Eventually.UntilAsync(() => server.Api.GetJobAsync(id), j => j.State is not (JobState.Running or JobState.Queued), JobTimeout, $"job {id} to end");
            var attempts = await server.Api.GetAttemptsAsync(id);
            Assert.That(job.State, Is.EqualTo(JobState.Succeeded), $"job {id}: {job.Reason}");
            Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.Succeeded }), $"job {id} ran once, its result was not lost");
            Assert.That(job.LogTail, Does.Contain("finished"));
        }
    }

    private static int Journaled(string workDirectory) => AgentWorkFiles.JournaledCount(workDirectory);
}
