using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Security;

/// <summary>A user sees and cancels only their own jobs; a pilot token reaches only the pilots and leases it registered.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class OwnershipTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private IPilotApi _alice = null!;
    private IPilotApi _bob = null!;

    [SetUp]
    public async Task SetUp()
    {
        _alice = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "alice"));
        _bob = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "bob"));
    }

    [Test]
    public async Task Submit_RecordsTheTokensNameAsOwner()
    {
        var job = await _alice.SubmitAsync(InProcessServer.Spec());

        Assert.That(job.Owner, Is.EqualTo("alice"));
    }

    [Test]
    public async Task AnotherUsersJob_IsNotFoundOnEveryJobEndpoint()
    {
        var job = await _alice.SubmitAsync(InProcessServer.Spec());

        var calls = new (string What, Func<Task> Call)[]
        {
            ("get", () => _bob.GetJobAsync(job.Id)),
            ("attempts", () => _bob.GetAttemptsAsync(job.Id)),
            ("log", async () => (await _bob.GetLogAsync(job.Id)).EnsureSuccessStatusCode()),
            ("cancel", () => _bob.CancelAsync(job.Id)),
        };
        foreach (var (what, call) in calls)
        {
            var error = Assert.CatchAsync(() => call());
            var status = error is ApiException api ? api.StatusCode : ((HttpRequestException)error!).StatusCode;
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), what);
        }

        Assert.That((await _alice.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Queued), "bob's cancel must not have reached it");
    }

    [Test]
    public async Task AnotherUsersJob_NotFoundSaysTheSameAsAMissingOne()
    {
        var job = await _alice.SubmitAsync(InProcessServer.Spec());

        var hidden = Assert.CatchAsync<ApiException>(() => _bob.GetJobAsync(job.Id))!;
        var missing = Assert.CatchAsync<ApiException>(() => _bob.GetJobAsync(job.Id + 1000))!;

        Assert.That(hidden.StatusCode, Is.EqualTo(missing.StatusCode));
        Assert.That(Detail(hidden).Replace($"job {job.Id} ", "job N "), Is.EqualTo(Detail(missing).Replace($"job {job.Id + 1000} ", "job N ")));
    }

    [Test]
    public async Task ListJobs_ShowsUsersOnlyTheirOwn_AndAdminsAll()
    {
        await _alice.SubmitAsync(InProcessServer.Spec(name: "a"));
        await _bob.SubmitAsync(InProcessServer.Spec(name: "b"));

        Assert.That((await _alice.ListJobsAsync()).Jobs.Select(j => j.Name), Is.EqualTo(new[] { "a" }));
        Assert.That((await _bob.ListJobsAsync()).Jobs.Select(j => j.Name), Is.EqualTo(new[] { "b" }));
        Assert.That((await Server.Api.ListJobsAsync()).Jobs.Select(j => j.Name), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Admin_CancelsAnyUsersJob()
    {
        var job = await _alice.SubmitAsync(InProcessServer.Spec());

        var cancelled = await Server.Api.CancelAsync(job.Id);

        Assert.That(cancelled.State, Is.EqualTo(JobState.Cancelled));
    }

    [Test]
    public async Task PilotToken_CannotDriveAPilotRegisteredWithAnother()
    {
        var siteA = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.Pilot, "site-a"));
        var siteB = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.Pilot, "site-b"));
        var pilot = (await Server.RegisterPilotAsync(api: siteA)).PilotId;
        await _alice.SubmitAsync(InProcessServer.Spec());
        var lease = (await siteA.LeaseAsync(pilot, new LeaseRequest { Free = new ResourceSet { Cores = 4, MemoryMb = 8192 } })).Jobs.Single();

        var calls = new (string What, Func<Task> Call)[]
        {
            ("lease", () => siteB.LeaseAsync(pilot, new LeaseRequest { Free = new ResourceSet { Cores = 4 } })),
            ("heartbeat", () => siteB.HeartbeatAsync(pilot, new Heartbeat { Leases = [] })),
            ("report", () => siteB.ReportAsync(lease.LeaseId, new AttemptReport { FencingToken = lease.FencingToken, Outcome = AttemptOutcome.Succeeded, FinishedAt = Server.Time.GetUtcNow() })),
            ("log", () => siteB.AppendLogAsync(lease.LeaseId, lease.FencingToken, 0, new MemoryStream([1]))),
            ("deregister", () => siteB.DeregisterAsync(pilot)),
        };
        foreach (var (what, call) in calls)
        {
            var error = Assert.CatchAsync<ApiException>(() => call());
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), what);
        }

        await siteA.ReportAsync(lease.LeaseId, new AttemptReport { FencingToken = lease.FencingToken, Outcome = AttemptOutcome.Succeeded, FinishedAt = Server.Time.GetUtcNow() });
    }

    private static string Detail(ApiException error)
    {
        using var problem = System.Text.Json.JsonDocument.Parse(error.Content!);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
