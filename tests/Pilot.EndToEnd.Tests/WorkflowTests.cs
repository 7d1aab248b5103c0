using System.Text.Json;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>Sweeps, dependencies and attempt phases through the real <c>pilot</c> CLI, server and agent.</summary>
[TestFixture]
[Category("E2E")]
public sealed class WorkflowTests : ServerAndAgentTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task SubmitSweep_RunsOneJobPerCombinationWithItsValues_AndWaitsForTheGroup()
    {
        var (code, output) = await PilotAsync(
        [
            "submit", "--sweep", "LR=0.1,0.01", "--sweep", "BATCH=32,64", "--group", "scan-1", "--wait", "--name", "train",
            "--", .. Executables.Payload("env", "LR"),
        ]);

        var jobs = (await Server.Api.ListJobsAsync(group: "scan-1")).Jobs;
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("group scan-1: 4 jobs").And.Contain("4 succeeded (ended)"));
        Assert.That(jobs.Select(j => j.Name), Is.EquivalentTo(new[]
        {
            "train[LR=0.1,BATCH=32]", "train[LR=0.1,BATCH=64]", "train[LR=0.01,BATCH=32]", "train[LR=0.01,BATCH=64]",
        }));
        foreach (var job in jobs)
        {
            Assert.That(job.LogTail, Does.Contain(job.Spec.Environment!["LR"]), job.Name);
        }
    }

    [Test]
    public async Task SubmitSweep_RunAgainWithTheSameGroup_SubmitsNothingTwice()
    {
        string[] sweep = ["submit", "--sweep", "X=1,2,3", "--group", "again", "--", .. Executables.Payload("echo", "x")];

        var (first, _) = await PilotAsync(sweep);
        var (second, _) = await PilotAsync(sweep);

        Assert.That(first, Is.Zero);
        Assert.That(second, Is.Zero);
        Assert.That((await Server.Api.GetGroupAsync("again")).Total, Is.EqualTo(3));
    }

    [Test]
    public async Task SubmitArray_RunsOneJobPerIndex_ThenResubmitFailedRunsOnlyTheFailedEntryAgain()
    {
        var (code, output) = await PilotAsync(
            "submit", "--array", "1-4", "--group", "arr", "--wait", "--", "sh", "-c", "echo index=$PILOT_ARRAY_INDEX; test $PILOT_ARRAY_INDEX -ne 3");
        var failed = (await Server.Api.ListGroupEntriesAsync("arr", state: "failed")).Entries;
        var (again, resubmitted) = await PilotAsync("resubmit", "arr", "--failed");

        Assert.That(code, Is.Not.Zero, "one entry failed");
        Assert.That(output, Does.Contain("group arr: 4 jobs").And.Contain("3 succeeded").And.Contain("1 failed"));
        Assert.That(failed.Select(e => e.Index), Is.EqualTo(new long[] { 3 }));
        Assert.That((await Server.Api.GetJobAsync(failed[0].JobId)).LogTail, Does.Contain("index=3"));
        Assert.That(again, Is.Zero, resubmitted);
        Assert.That(resubmitted, Does.Contain("group arr: 1 entries submitted again"));
        Assert.That((await Server.Api.ListGroupEntriesAsync("arr")).Entries.Single(e => e.Index == 3).JobId, Is.Not.EqualTo(failed[0].JobId));
    }

    [Test]
    public async Task AfterOk_FailingParent_CancelsTheDependentWithTheReason()
    {
        var parent = await SubmitJsonAsync(["submit", "--", .. Executables.Payload("exit", "3")]);
        var child = await SubmitJsonAsync(["submit", "--after-ok", parent.ToString(), "--", .. Executables.Payload("echo", "never")]);

        var ended = await Eventually.UntilAsync(() => Server.Api.GetJobAsync(child), j => j.State == JobState.Cancelled, Timeout, "the dependent to be cancelled");

        Assert.That(ended.Reason, Does.Contain($"job {parent}").And.Contain("ended as failed"));
        Assert.That(ended.Attempts, Is.Zero);
    }

    [Test]
    public async Task Job_ShowsTheAttemptsPhasesAsTheAgentTimedThem()
    {
        var id = await SubmitJsonAsync(["submit", "--wait", "--", .. Executables.Payload("sleep", "1")]);

        var attempt = (await Server.Api.GetAttemptsAsync(id)).Single();
        var (code, shown) = await PilotAsync("job", id.ToString());

        Assert.That(attempt.Phases!.Select(p => p.Name), Is.EqualTo(new[] { "lease", "setup", "payload", "report" }));
        Assert.That(attempt.Phases!.Single(p => p.Name == "payload").Duration, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(code, Is.Zero);
        Assert.That(shown, Does.Contain("payload 1.").Or.Contain("payload 2."));
    }

    private async Task<long> SubmitJsonAsync(params string[] arguments)
    {
        var (code, output) = await PilotAsync([.. arguments[..1], "--output", "json", .. arguments[1..]]);
        Assert.That(code, Is.Zero, output);
        return JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<(int Code, string Output)> PilotAsync(params string[] arguments)
    {
        await using var process = PilotProcess.Start(Server.CliArguments(arguments));
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Output);
    }
}
