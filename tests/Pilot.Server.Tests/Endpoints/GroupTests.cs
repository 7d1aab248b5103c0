using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

/// <summary>Groups (what <c>pilot submit --sweep</c> makes): watched and cancelled as one, per owner.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class GroupTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private PilotDriver _pilot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _pilot = await PilotDriver.RegisterAsync(Server);
    }

    private async Task<List<JobView>> SubmitGroupAsync(string group, int count, IPilotApi? api = null)
    {
        var jobs = new List<JobView>();
        for (var i = 0; i < count; i++)
        {
            jobs.Add(await (api ?? Server.Api).SubmitAsync(InProcessServer.Spec(name: $"{group}-{i}") with { Labels = new Dictionary<string, string> { ["group"] = group } }));
        }

        return jobs;
    }

    [Test]
    public async Task Group_CountsItsJobsPerState()
    {
        await SubmitGroupAsync("scan", 4);
        await SubmitGroupAsync("other", 1);
        await _pilot.RunAsync(AttemptOutcome.Succeeded);
        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);
        await _pilot.LeaseOneAsync();

        var group = await Server.Api.GetGroupAsync("scan");

        Assert.That(group.Total, Is.EqualTo(4));
        Assert.That(group.States, Is.EquivalentTo(new Dictionary<JobState, int> { [JobState.Succeeded] = 1, [JobState.Failed] = 1, [JobState.Running] = 1, [JobState.Queued] = 1 }));
        Assert.That(group.Ended, Is.False);
    }

    [Test]
    public async Task ListJobs_ByGroup_ShowsOnlyThatGroup()
    {
        var scan = await SubmitGroupAsync("scan", 3);
        await SubmitGroupAsync("other", 2);

        var listed = await Server.Api.ListJobsAsync(group: "scan");

        Assert.That(listed.Jobs.Select(j => j.Id), Is.EquivalentTo(scan.Select(j => j.Id)));
    }

    [Test]
    public async Task CancelGroup_CancelsQueuedAndKillsRunning_LeavesEndedAndOtherGroups()
    {
        var scan = await SubmitGroupAsync("scan", 3);
        var other = await SubmitGroupAsync("other", 1);
        await _pilot.RunAsync(AttemptOutcome.Succeeded);
        var running = await _pilot.LeaseOneAsync();

        var group = await Server.Api.CancelGroupAsync("scan");
        var heartbeat = await _pilot.HeartbeatAsync(running);

        Assert.That(group.States, Is.EquivalentTo(new Dictionary<JobState, int> { [JobState.Succeeded] = 1, [JobState.Cancelled] = 2 }));
        Assert.That(group.Ended, Is.True);
        Assert.That(heartbeat.Commands.Single().Kind, Is.EqualTo(PilotCommandKind.Kill));
        Assert.That((await Server.Api.GetJobAsync(other[0].Id)).State, Is.EqualTo(JobState.Queued));
        Assert.That((await Server.Api.GetJobAsync(scan[0].Id)).State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task AnotherUsersGroup_IsNotFound_AndCannotBeCancelled()
    {
        var alice = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "alice"));
        var bob = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "bob"));
        await SubmitGroupAsync("alices-scan", 2, alice);

        var seen = Assert.CatchAsync<ApiException>(() => bob.GetGroupAsync("alices-scan"));
        var cancelled = Assert.CatchAsync<ApiException>(() => bob.CancelGroupAsync("alices-scan"));

        Assert.That(seen!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(cancelled!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await alice.GetGroupAsync("alices-scan")).States[JobState.Queued], Is.EqualTo(2));
    }
}
