using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

/// <summary>Every failure class through the API: how many attempts its retry budget gives, and the fencing of old attempts.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class FailureClassTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private static readonly RetryPolicy TwoEach = new() { PayloadFailure = 2, PilotLost = 2, Evicted = 2, SetupFailure = 2 };

    private PilotDriver _pilot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _pilot = await PilotDriver.RegisterAsync(Server);
    }

    [TestCase(AttemptOutcome.PayloadFailed, JobState.Failed)]
    [TestCase(AttemptOutcome.Evicted, JobState.Failed)]
    [TestCase(AttemptOutcome.SetupFailed, JobState.Failed)]
    public async Task Failure_IsRetriedItsBudget_ThenTheJobEnds(AttemptOutcome outcome, JobState final)
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec() with { Retries = TwoEach });

        var tokens = new List<long>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Queued), $"before attempt {attempt + 1}");
            tokens.Add((await _pilot.RunAsync(outcome)).FencingToken);
        }

        var ended = await Server.Api.GetJobAsync(job.Id);
        Assert.That(ended.State, Is.EqualTo(final));
        Assert.That(ended.LastOutcome, Is.EqualTo(outcome));
        Assert.That(tokens, Is.EqualTo(new long[] { 1, 2, 3 }), "each attempt's fencing token is higher");
        Assert.That(await _pilot.LeaseAsync(), Is.Empty);
    }

    [Test]
    public async Task PilotLost_IsRetriedItsBudget_ThenTheJobFails()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec() with { Retries = TwoEach });

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await _pilot.LeaseOneAsync();
            Server.Time.Advance(InProcessServer.LeaseTtl + TimeSpan.FromSeconds(2));
            var expected = attempt < 2 ? JobState.Queued : JobState.Failed;
            await Eventually.UntilAsync(() => Server.Api.GetJobAsync(job.Id), j => j.State == expected, TimeSpan.FromSeconds(10), $"attempt {attempt + 1} to expire");
            _pilot = await PilotDriver.RegisterAsync(Server);
        }

        var attempts = await Server.Api.GetAttemptsAsync(job.Id);
        Assert.That(attempts.Select(a => a.Outcome), Is.All.EqualTo(AttemptOutcome.PilotLost));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).Reason, Does.Contain("stopped renewing"));
    }

    [Test]
    public async Task Evictions_DoNotUseUpPayloadRetries()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec() with { Retries = new RetryPolicy { PayloadFailure = 1, Evicted = 5 } });

        await _pilot.RunAsync(AttemptOutcome.Evicted);
        await _pilot.RunAsync(AttemptOutcome.Evicted);
        await _pilot.RunAsync(AttemptOutcome.PayloadFailed);
        var afterOneFailure = await Server.Api.GetJobAsync(job.Id);
        await _pilot.RunAsync(AttemptOutcome.Succeeded);

        Assert.That(afterOneFailure.State, Is.EqualTo(JobState.Queued));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task StaleAttempt_ReportAfterRequeue_IsRefusedAndDoesNotTouchTheNewAttempt()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec() with { Retries = TwoEach });
        var old = await _pilot.LeaseOneAsync();
        Server.Time.Advance(InProcessServer.LeaseTtl + TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(() => Server.Api.GetJobAsync(job.Id), j => j.State == JobState.Queued, TimeSpan.FromSeconds(10), "the lost attempt to expire");
        _pilot = await PilotDriver.RegisterAsync(Server);
        var current = await _pilot.LeaseOneAsync();

        var stale = Assert.CatchAsync<ApiException>(() => _pilot.ReportAsync(old, AttemptOutcome.Succeeded));
        var wrongToken = Assert.CatchAsync<ApiException>(() => _pilot.ReportAsync(current with { FencingToken = old.FencingToken }, AttemptOutcome.Succeeded));

        Assert.That(stale!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(wrongToken!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Running));
        await _pilot.ReportAsync(current, AttemptOutcome.Succeeded);
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded));
    }
}
