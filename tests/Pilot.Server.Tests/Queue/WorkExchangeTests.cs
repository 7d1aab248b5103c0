using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Queue;

/// <summary>The pilots' exchange: reports applied before grants, one transaction, a retried request answered the same.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class WorkExchangeTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private static readonly ResourceSet OneCore = new() { Cores = 1, MemoryMb = 8192, Gpus = 0, Nodes = 1 };

    private string _pilot = null!;

    [SetUp]
    public async Task SetUp() => _pilot = (await Server.RegisterPilotAsync(cores: 1)).PilotId;

    private static WorkRequest Request(long sequence, IReadOnlyList<LeaseReport>? reports = null, IReadOnlyList<LeasedJob>? running = null, int maxJobs = 1) => new()
    {
        Sequence = sequence,
        Reports = reports ?? [],
        Heartbeat = new Heartbeat { Leases = (running ?? []).Select(j => new LeaseRef(j.LeaseId, j.FencingToken)).ToList() },
        Lease = maxJobs > 0 ? new LeaseRequest { Free = OneCore, MaxJobs = maxJobs } : null,
    };

    private LeaseReport Succeeded(LeasedJob job, long? token = null) =>
        new(job.LeaseId, new AttemptReport { FencingToken = token ?? job.FencingToken, Outcome = AttemptOutcome.Succeeded, ExitCode = 0, FinishedAt = Server.Time.GetUtcNow() });

    [Test]
    public async Task Exchange_ReportsAreAppliedBeforeGrants_TheFreedCoreTakesTheNextJob()
    {
        var first = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "a"));
        var second = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "b"));
        var leased = (await Server.Api.ExchangeAsync(_pilot, Request(1))).Jobs.Single();

        var next = await Server.Api.ExchangeAsync(_pilot, Request(2, [Succeeded(leased)]));

        Assert.That(leased.JobId, Is.EqualTo(first.Id));
        Assert.That(next.Reports, Is.EqualTo(new[] { new ReportReceipt(leased.LeaseId, true) }));
        Assert.That(next.Jobs.Single().JobId, Is.EqualTo(second.Id));
        Assert.That((await Server.Api.GetJobAsync(first.Id)).State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task Exchange_Replayed_ReturnsTheSameGrant_NeverASecondOne()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "a"));
        var other = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "b"));
        var answer = await Server.Api.ExchangeAsync(_pilot, Request(1, maxJobs: 1));

        var replayed = await Server.Api.ExchangeAsync(_pilot, Request(1, maxJobs: 1));

        Assert.That(replayed.Jobs.Select(j => (j.JobId, j.LeaseId, j.FencingToken)), Is.EqualTo(answer.Jobs.Select(j => (j.JobId, j.LeaseId, j.FencingToken))));
        Assert.That(replayed.Sequence, Is.EqualTo(1));
        Assert.That((await Server.Api.GetJobAsync(other.Id)).State, Is.EqualTo(JobState.Queued), "the retry granted nothing more");
    }

    [Test]
    public async Task Exchange_ReplayedReport_IsAppliedOnce()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec() with { Retries = new RetryPolicy { PayloadFailure = 3 } });
        var leased = (await Server.Api.ExchangeAsync(_pilot, Request(1))).Jobs.Single();
        var failed = new LeaseReport(leased.LeaseId, new AttemptReport { FencingToken = leased.FencingToken, Outcome = AttemptOutcome.PayloadFailed, ExitCode = 1, FinishedAt = Server.Time.GetUtcNow() });

        var answer = await Server.Api.ExchangeAsync(_pilot, Request(2, [failed], maxJobs: 0));
        var replayed = await Server.Api.ExchangeAsync(_pilot, Request(2, [failed], maxJobs: 0));

        Assert.That(replayed.Reports, Is.EqualTo(answer.Reports));
        Assert.That(await Server.Api.GetAttemptsAsync(job.Id), Has.Count.EqualTo(1));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task Exchange_StaleFencingTokenInABatch_RefusesThatReportOnly()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "a"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "b"));
        var pilot = (await Server.RegisterPilotAsync(cores: 2)).PilotId;
        var leased = (await Server.Api.ExchangeAsync(pilot, Request(1, maxJobs: 2) with { Lease = new LeaseRequest { Free = OneCore with { Cores = 2 }, MaxJobs = 2 } })).Jobs;

        var answer = await Server.Api.ExchangeAsync(pilot, Request(2, [Succeeded(leased[0], token: 99), Succeeded(leased[1])], maxJobs: 0));

        Assert.That(answer.Reports[0].Accepted, Is.False);
        Assert.That(answer.Reports[0].Refusal, Does.Contain("fencing token 99 is stale"));
        Assert.That(answer.Reports[1].Accepted, Is.True);
        Assert.That((await Server.Api.GetJobAsync(leased[0].JobId)).State, Is.EqualTo(JobState.Running));
        Assert.That((await Server.Api.GetJobAsync(leased[1].JobId)).State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task Exchange_RenewsTheLeasesItNames_AndCarriesTheKillOfACancelledJob()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var leased = (await Server.Api.ExchangeAsync(_pilot, Request(1))).Jobs.Single();
        Server.Time.Advance(TimeSpan.FromSeconds(40));
        await Server.Api.CancelAsync(job.Id);

        var answer = await Server.Api.ExchangeAsync(_pilot, Request(2, running: [leased], maxJobs: 0));

        Assert.That(answer.Renewed.Single().ExpiresAt, Is.EqualTo(Server.Time.GetUtcNow() + InProcessServer.LeaseTtl).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(answer.Commands.Single(), Is.EqualTo(new PilotCommand(PilotCommandKind.Kill, leased.LeaseId, "the job was cancelled by its owner")));
    }

    [Test]
    public async Task Exchange_OlderSequence_IsAConflict()
    {
        await Server.Api.ExchangeAsync(_pilot, Request(5, maxJobs: 0));

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.ExchangeAsync(_pilot, Request(4, maxJobs: 0)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Content, Does.Contain("older than its last one (5)"));
    }

    [Test]
    public async Task Exchange_WholeLogInAReport_IsReadBackAsTheJobsLog()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var leased = (await Server.Api.ExchangeAsync(_pilot, Request(1))).Jobs.Single();
        var report = Succeeded(leased);

        await Server.Api.ExchangeAsync(_pilot, Request(2, [report with { Report = report.Report with { LogTail = "hello\n", LogTailIsWholeLog = true } }], maxJobs: 0));
        using var log = await Server.Api.GetLogAsync(job.Id);

        Assert.That(await log.Content.ReadAsStringAsync(), Is.EqualTo("hello\n"));
        Assert.That(Directory.Exists(Path.Combine(Server.DataDirectory, "logs")), Is.False, "a small log makes no file");
    }
}
