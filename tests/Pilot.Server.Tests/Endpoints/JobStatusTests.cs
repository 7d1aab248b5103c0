using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

/// <summary>The statuses of many jobs in one request: what a workflow engine polls.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class JobStatusTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public async Task GetStatuses_ManyIds_AnswersEachInTheOrderAsked()
    {
        var pilot = await PilotDriver.RegisterAsync(Server);
        var failing = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "fails", priority: 2));
        var running = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "runs", priority: 1));
        var queued = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "waits"));
        await pilot.RunAsync(AttemptOutcome.PayloadFailed);
        await pilot.LeaseOneAsync();

        var statuses = await Server.Api.GetStatusesAsync(new JobStatusQuery([queued.Id, failing.Id, running.Id]));

        Assert.That(statuses.Jobs.Select(s => (s.Id, s.State)), Is.EqualTo(new[]
        {
            (queued.Id, JobState.Queued), (failing.Id, JobState.Failed), (running.Id, JobState.Running),
        }));
        Assert.That(statuses.Jobs[1].LastOutcome, Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(statuses.Jobs[1].Reason, Is.Not.Empty);
        Assert.That(statuses.Missing, Is.Empty);
    }

    [Test]
    public async Task GetStatuses_EvictedJob_IsQueuedAgainNotFailed()
    {
        var pilot = await PilotDriver.RegisterAsync(Server);
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        await pilot.RunAsync(AttemptOutcome.Evicted);

        var status = (await Server.Api.GetStatusesAsync(new JobStatusQuery([job.Id]))).Jobs.Single();

        Assert.That(status.State, Is.EqualTo(JobState.Queued));
        Assert.That(status.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task GetStatuses_UnknownAndAnotherUsersIds_AreMissing()
    {
        var alice = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "alice"));
        var bob = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "bob"));
        var alices = await alice.SubmitAsync(InProcessServer.Spec());
        var bobs = await bob.SubmitAsync(InProcessServer.Spec());

        var statuses = await bob.GetStatusesAsync(new JobStatusQuery([alices.Id, bobs.Id, 999_999, bobs.Id]));

        Assert.That(statuses.Jobs.Select(s => s.Id), Is.EqualTo(new[] { bobs.Id }));
        Assert.That(statuses.Missing, Is.EqualTo(new[] { alices.Id, 999_999L }));
    }

    [Test]
    public void GetStatuses_MoreIdsThanTheLimit_IsABadRequestNamingTheLimit()
    {
        var ids = Enumerable.Range(1, JobStatusQuery.MaxIds + 1).Select(i => (long)i).ToList();

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.GetStatusesAsync(new JobStatusQuery(ids)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain($"at most {JobStatusQuery.MaxIds}"));
    }

    [Test]
    public async Task GetStatuses_NullIds_IsABadRequestNamingTheField()
    {
        using var response = await Server.Http.PostAsync($"{IPilotApi.Prefix}/jobs/states", new StringContent("""{"ids": null}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("ids"));
    }
}
