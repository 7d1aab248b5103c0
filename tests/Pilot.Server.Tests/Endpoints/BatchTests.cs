using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

/// <summary>Batches: arrays, entries and job lists in one request and one transaction, listed by index, resubmitted by state.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class BatchTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private static JobBatch Array(long first, long last, string? group = null, string? key = null) =>
        new() { Template = InProcessServer.Spec(name: "task"), Array = new ArrayRange(first, last), Group = group, IdempotencyKey = key };

    [Test]
    public async Task SubmitBatch_Array_QueuesOneJobPerIndex_WithItsIndexInTheEnvironment()
    {
        var submitted = await Server.Api.SubmitBatchAsync(Array(3, 7, group: "scan"));
        var entries = await Server.Api.ListGroupEntriesAsync("scan");
        var third = await Server.Api.GetJobAsync(entries.Entries[2].JobId);

        Assert.That(submitted, Is.EqualTo(new BatchSubmitted("scan", 5, true)));
        Assert.That(entries.Entries.Select(e => e.Index), Is.EqualTo(new long[] { 3, 4, 5, 6, 7 }));
        Assert.That(entries.Entries.Select(e => e.State), Is.All.EqualTo(JobState.Queued));
        Assert.That(third.Spec.Environment!["PILOT_ARRAY_INDEX"], Is.EqualTo("5"));
        Assert.That(third.Name, Is.EqualTo("task[5]"));
        Assert.That(third.ArrayIndex, Is.EqualTo(5));
        Assert.That((await Server.Api.GetGroupAsync("scan")).Total, Is.EqualTo(5));
    }

    [Test]
    public async Task SubmitBatch_Entries_PutsEachInTheEnvironment()
    {
        var submitted = await Server.Api.SubmitBatchAsync(new JobBatch { Template = InProcessServer.Spec(name: "line"), Entries = ["a.txt", "b c.txt"] });
        var entries = await Server.Api.ListGroupEntriesAsync(submitted.Group);
        var second = await Server.Api.GetJobAsync(entries.Entries[1].JobId);

        Assert.That(second.Spec.Environment!["PILOT_ARRAY_ENTRY"], Is.EqualTo("b c.txt"));
        Assert.That(second.Spec.Environment["PILOT_ARRAY_INDEX"], Is.EqualTo("2"));
    }

    [Test]
    public async Task SubmitBatch_Jobs_KeepsEachSpec()
    {
        var submitted = await Server.Api.SubmitBatchAsync(new JobBatch { Jobs = [InProcessServer.Spec(name: "x"), InProcessServer.Spec(cores: 2, name: "y")] });
        var entries = await Server.Api.ListGroupEntriesAsync(submitted.Group);

        Assert.That((await Server.Api.GetJobAsync(entries.Entries[1].JobId)).Spec.Resources.Cores, Is.EqualTo(2));
        Assert.That(entries.Entries.Select(e => e.Index), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task SubmitBatch_SameKeyAgain_CreatesNothingTwice()
    {
        var first = await Server.Api.SubmitBatchAsync(Array(1, 100, key: "k1"));

        var again = await Server.Api.SubmitBatchAsync(Array(1, 100, key: "k1"));
        var other = Assert.CatchAsync<ApiException>(() => Server.Api.SubmitBatchAsync(Array(1, 5, key: "k1")));

        Assert.That(again, Is.EqualTo(first with { Created = false }));
        Assert.That((await Server.Api.GetGroupAsync(first.Group)).Total, Is.EqualTo(100));
        Assert.That(other!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [TestCase(5, 1, "is not a range")]
    [TestCase(1, 300_000, "at most 200000 (Pilot:Server:MaxJobsPerBatch)")]
    [TestCase(0, long.MaxValue, "at most 200000")]
    public void SubmitBatch_BadOrTooLargeArray_IsABadRequestNamingTheLimit(long first, long last, string expected)
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.SubmitBatchAsync(Array(first, last)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain(expected));
    }

    [Test]
    public void SubmitBatch_NoEntries_IsABadRequest()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.SubmitBatchAsync(new JobBatch { Template = InProcessServer.Spec(), Entries = [] }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("the batch has no jobs"));
    }

    [Test]
    public async Task Resubmit_Failed_RunsOnlyTheEntriesThatFailed_InTheSameGroup()
    {
        await Server.Api.SubmitBatchAsync(Array(1, 3, group: "g"));
        var pilot = await PilotDriver.RegisterAsync(Server);
        await pilot.RunAsync(AttemptOutcome.Succeeded);
        await pilot.RunAsync(AttemptOutcome.PayloadFailed);
        await pilot.RunAsync(AttemptOutcome.PayloadFailed);

        var resubmitted = await Server.Api.ResubmitAsync("g", new Resubmission([JobState.Failed]));
        var again = await Server.Api.ResubmitAsync("g", new Resubmission([JobState.Failed]));
        var entries = await Server.Api.ListGroupEntriesAsync("g");

        Assert.That(resubmitted.Count, Is.EqualTo(2));
        Assert.That(again.Count, Is.Zero, "nothing failed is left to resubmit");
        Assert.That(entries.Entries.Select(e => (e.Index, e.State)), Is.EqualTo(new[] { (1L, JobState.Succeeded), (2L, JobState.Queued), (3L, JobState.Queued) }));
        Assert.That((await Server.Api.GetGroupAsync("g")).Total, Is.EqualTo(3));
        Assert.That((await Server.Api.ListGroupEntriesAsync("g", state: "failed")).Entries, Is.Empty);
    }
}
