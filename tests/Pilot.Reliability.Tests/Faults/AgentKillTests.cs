using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Reliability.Tests.Faults;

/// <summary>An agent killed outright (<c>kill -9</c>, node crash) while its payload runs: nothing lost, nothing run over, nothing left.</summary>
[TestFixture]
[Category("Faults")]
public sealed class AgentKillTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private TemporaryDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task AgentKilledHard_MidPayload_ItsPayloadAndDaemonDieWithItAndTheJobIsRequeuedWithinTtlAndCompletedOnce()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "5s");
        var marker = $"agent-kill-{Guid.NewGuid():N}";
        var job = await server.Api.SubmitAsync(Spec(marker, seconds: "4"));
        var doomed = PilotAgentProcess.Start(server, _directory.Sub("node-a"), cores: 1);
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, JobTimeout, "the payload and its daemon to start");
        var orphanLease = RunningLeases(_directory.Sub("node-a")).Single();

        var killedAt = DateTimeOffset.UtcNow;
        doomed.KillHard();
        await doomed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await doomed.DisposeAsync();

        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(10), "the payload and the daemon it escaped to die with their agent");
        var lost = await Eventually.UntilAsync(() => server.Api.GetAttemptsAsync(job.Id), a => a.Single().Outcome == AttemptOutcome.PilotLost, JobTimeout, "the lease to expire");
        Assert.That(lost.Single().FinishedAt - killedAt, Is.LessThan(TimeSpan.FromSeconds(5 + 3)), "requeued within the lease TTL (plus a heartbeat and a reaper tick)");

        await using (var rescuer = PilotAgentProcess.Start(server, _directory.Sub("node-b"), cores: 1))
        {
            await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), j => j.State == JobState.Succeeded, JobTimeout, "another agent to complete the job");
        }

        var stale = Assert.CatchAsync<ApiException>(() => server.ApiFor(server.PilotToken).ReportAsync(orphanLease.LeaseId, new AttemptReport
        {
            FencingToken = orphanLease.FencingToken,
            Outcome = AttemptOutcome.PayloadFailed,
            ExitCode = 1,
            FinishedAt = DateTimeOffset.UtcNow,
        }));
        Assert.That(stale!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the dead agent's attempt cannot report over the new one");

        await using (var restarted = PilotAgentProcess.Start(server, _directory.Sub("node-a"), cores: 1))
        {
            await Eventually.UntilAsync(() => restarted.Output.Contains("reporting it lost", StringComparison.Ordinal), JobTimeout, "the restarted agent to find its predecessor's attempt record");
        }

        var attempts = await server.Api.GetAttemptsAsync(job.Id);
        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.PilotLost, AttemptOutcome.Succeeded }), "completed exactly once");
        Assert.That((await server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
        Assert.That(RunningLeases(_directory.Sub("node-a")), Is.Empty);
    }

    [Test]
    public async Task AgentAndItsGuardianKilledHard_RestartedOnTheSameWorkDirectory_SweepsWhatWasLeftAndReportsTheAttemptLostWithoutWaitingForTheTtl()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "60s");
        var marker = $"agent-restart-{Guid.NewGuid():N}";
        var job = await server.Api.SubmitAsync(Spec(marker, seconds: "3"));
        var doomed = PilotAgentProcess.Start(server, _directory.Sub("node"), cores: 1);
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count >= 2, JobTimeout, "the payload and its daemon to start");

        // As a node-wide crash would: nothing of the agent is left to end its payloads.
        KillGuardianOf(doomed.Id);
        doomed.KillHard();
        await doomed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await doomed.DisposeAsync();
        Assert.That(ProcessTable.Matching(marker), Has.Count.GreaterThanOrEqualTo(2), "the payload and its daemon outlive the agent and its guardian");
        await using var restarted = PilotAgentProcess.Start(server, _directory.Sub("node"), cores: 1);

        var done = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), j => j.State == JobState.Succeeded, TimeSpan.FromSeconds(45), "the job to be requeued long before the 60 s TTL and completed");
        var attempts = await server.Api.GetAttemptsAsync(job.Id);

        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.PilotLost, AttemptOutcome.Succeeded }));
        Assert.That(attempts[0].Reason, Does.Contain("the agent running it was killed"));
        Assert.That(done.Attempts, Is.EqualTo(2));
        await Eventually.UntilAsync(() => ProcessTable.Matching(marker).Count == 0, TimeSpan.FromSeconds(10), "no process of either attempt to remain");
    }

    private static JobSpec Spec(string marker, string seconds) => new()
    {
        Name = "orphan-maker",
        Command = Executables.Payload("daemon-and-sleep", seconds),
        Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
    };

    private static void KillGuardianOf(int agentPid)
    {
        var children = Directory.EnumerateDirectories($"/proc/{agentPid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);
        var guardian = children.Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("pilot-guardian", StringComparison.Ordinal));
        System.Diagnostics.Process.GetProcessById(guardian).Kill();
    }

    private static IReadOnlyList<LeasedJob> RunningLeases(string workDirectory) => AgentWorkFiles.Running<LeasedJob>(workDirectory, PilotJson.Options);
}
