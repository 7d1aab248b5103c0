using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class DependencyTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private PilotDriver _pilot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _pilot = await PilotDriver.RegisterAsync(Server);
    }

    private Task<JobView> SubmitAsync(string name, long[]? afterOk = null, long[]? afterAny = null) =>
        Server.Api.SubmitAsync(InProcessServer.Spec(name: name) with { AfterOk = afterOk, AfterAny = afterAny });

    private async Task<JobState> StateAsync(JobView job) => (await Server.Api.GetJobAsync(job.Id)).State;

    [Test]
    public async Task AfterOk_WaitsUntilTheParentSucceeds_ThenIsLeased()
    {
        var parent = await SubmitAsync("parent");
        var child = await SubmitAsync("child", afterOk: [parent.Id]);

        Assert.That(child.State, Is.EqualTo(JobState.Waiting));
        Assert.That(child.Reason, Does.Contain($"job(s) {parent.Id}"));
        var first = await _pilot.LeaseAsync();
        Assert.That(first.Select(j => j.JobId), Is.EqualTo(new[] { parent.Id }), "a waiting job is never leased");

        await _pilot.ReportAsync(first[0], AttemptOutcome.Succeeded);

        Assert.That(await StateAsync(child), Is.EqualTo(JobState.Queued));
        Assert.That((await _pilot.LeaseOneAsync()).JobId, Is.EqualTo(child.Id));
    }

    [Test]
    public async Task AfterOk_ParentFails_CancelsTheWholeChainWithTheReason()
    {
        var parent = await SubmitAsync("parent");
        var child = await SubmitAsync("child", afterOk: [parent.Id]);
        var grandchild = await SubmitAsync("grandchild", afterOk: [child.Id]);

        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);

        var cancelledChild = await Server.Api.GetJobAsync(child.Id);
        Assert.That(cancelledChild.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(cancelledChild.Reason, Does.Contain($"job {parent.Id}").And.Contain("ended as failed"));
        Assert.That((await Server.Api.GetJobAsync(grandchild.Id)).Reason, Does.Contain($"job {child.Id}").And.Contain("ended as cancelled"));
        Assert.That(await _pilot.LeaseAsync(), Is.Empty);
    }

    [Test]
    public async Task AfterOk_ParentCancelled_CancelsTheDependent()
    {
        var parent = await SubmitAsync("parent");
        var child = await SubmitAsync("child", afterOk: [parent.Id]);

        await Server.Api.CancelAsync(parent.Id);

        Assert.That(await StateAsync(child), Is.EqualTo(JobState.Cancelled));
    }

    [Test]
    public async Task AfterAny_RunsAfterTheParentFails()
    {
        var parent = await SubmitAsync("parent");
        var cleanup = await SubmitAsync("cleanup", afterAny: [parent.Id]);

        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);

        Assert.That(await StateAsync(cleanup), Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task TwoParents_WaitsForBoth()
    {
        var a = await SubmitAsync("a");
        var b = await SubmitAsync("b");
        var join = await SubmitAsync("join", afterOk: [a.Id], afterAny: [b.Id]);

        await _pilot.RunAsync(AttemptOutcome.Succeeded);
        var between = await Server.Api.GetJobAsync(join.Id);
        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);

        Assert.That(between.State, Is.EqualTo(JobState.Waiting));
        Assert.That(between.Reason, Does.Contain($"job(s) {b.Id}"));
        Assert.That(await StateAsync(join), Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task ParentAlreadySucceeded_IsQueuedAtOnce()
    {
        var parent = await SubmitAsync("parent");
        await _pilot.RunAsync(AttemptOutcome.Succeeded);

        var child = await SubmitAsync("child", afterOk: [parent.Id]);

        Assert.That(child.State, Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task ParentAlreadyFailed_AfterOkIsCancelledAtSubmit()
    {
        var parent = await SubmitAsync("parent");
        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);

        var child = await SubmitAsync("child", afterOk: [parent.Id]);

        Assert.That(child.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(child.Reason, Does.Contain("instead of succeeding"));
    }

    [Test]
    public async Task RetriedParent_DependentWaitsForTheFinalOutcome()
    {
        var parent = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "parent") with { Retries = new RetryPolicy { PayloadFailure = 1 } });
        var child = await SubmitAsync("child", afterOk: [parent.Id]);

        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);
        var afterFirst = await StateAsync(child);
        await _pilot.RunAsync(AttemptOutcome.Succeeded);

        Assert.That(afterFirst, Is.EqualTo(JobState.Waiting), "a failure that earns a retry is not the end");
        Assert.That(await StateAsync(child), Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task UnknownOrOtherUsersParent_Is400()
    {
        var alice = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "alice"));
        var adminsJob = await SubmitAsync("admins");

        var unknown = Assert.CatchAsync<ApiException>(() => SubmitAsync("child", afterOk: [987654]));
        var foreign = Assert.CatchAsync<ApiException>(() => alice.SubmitAsync(InProcessServer.Spec() with { AfterOk = [adminsJob.Id] }));

        Assert.That(unknown!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknown.Content, Does.Contain("after_ok: job 987654 does not exist or is not yours"));
        Assert.That(foreign!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task CancelWaitingJob_EndsItAndItsDependents()
    {
        var parent = await SubmitAsync("parent");
        var child = await SubmitAsync("child", afterOk: [parent.Id]);
        var grandchild = await SubmitAsync("grandchild", afterAny: [child.Id]);

        await Server.Api.CancelAsync(child.Id);
        await _pilot.RunAsync(AttemptOutcome.Succeeded);

        Assert.That(await StateAsync(child), Is.EqualTo(JobState.Cancelled));
        Assert.That(await StateAsync(grandchild), Is.EqualTo(JobState.Queued), "after_any runs however its parent ended");
    }
}
