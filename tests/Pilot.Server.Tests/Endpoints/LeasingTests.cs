using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class LeasingTests(StorageBackend backend) : InProcessServerTest(backend)
{
    private static readonly ResourceSet FourCores = new() { Cores = 4, MemoryMb = 8192, Gpus = 0, Nodes = 1 };

    private string _pilot = "";

    [SetUp]
    public async Task SetUp()
    {
        _pilot = (await Server.RegisterPilotAsync()).PilotId;
    }

    private Task<LeaseResponse> LeaseAsync(ResourceSet? free = null, int maxJobs = 10, int? walltimeLeftSeconds = null) =>
        Server.Api.LeaseAsync(_pilot, new LeaseRequest { Free = free ?? FourCores, MaxJobs = maxJobs, WalltimeLeftSeconds = walltimeLeftSeconds });

    [Test]
    public async Task Lease_GrantsOnlyWhatFitsTheFreeCores()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 3, name: "three"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 2, name: "two"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 1, name: "one"));

        var leased = await LeaseAsync();

        Assert.That(leased.Jobs.Select(j => j.Spec.Name), Is.EqualTo(new[] { "three", "one" }));
        Assert.That(leased.Jobs.Select(j => j.FencingToken), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Lease_PilotOnSeveralNodes_GrantsMultiNodeJobsOnWholeShares_AndSingleNodeJobsOnlyWhereOneNodeFits()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 3, name: "three-on-one"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 2, name: "two-each-on-two") with { Resources = new ResourceRequest { Cores = 2, Nodes = 2, Tasks = 2 } });
        await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 2, name: "two-on-one"));
        var nodes = new[] { FourCores with { Cores = 2 }, FourCores with { Cores = 2 } };

        var leased = await Server.Api.LeaseAsync(_pilot, new LeaseRequest { Free = FourCores with { Nodes = 2 }, FreeNodes = nodes, MaxJobs = 10 });

        Assert.That(leased.Jobs.Select(j => j.Spec.Name), Is.EqualTo(new[] { "two-each-on-two" }), "two nodes with 2 cores each: no room for 3 cores on one, and none left after the 2-node job");
    }

    [Test]
    public void Lease_FreeNodesWithANullEntry_IsABadRequestSayingWhatToSend()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.LeaseAsync(_pilot, new LeaseRequest { Free = FourCores, FreeNodes = [FourCores, null!] }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("free_nodes").And.Contain("one object per node"));
    }

    [Test]
    public async Task Lease_HigherPriorityFirst_ThenSubmissionOrder()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "low-first"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "high", priority: 5));
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "low-second"));

        var leased = await LeaseAsync(maxJobs: 3);

        Assert.That(leased.Jobs.Select(j => j.Spec.Name), Is.EqualTo(new[] { "high", "low-first", "low-second" }));
    }

    [Test]
    public async Task Lease_JobLongerThanWalltimeLeft_StaysQueued()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec(walltime: TimeSpan.FromHours(2)));

        var leased = await LeaseAsync(walltimeLeftSeconds: 3600);

        Assert.That(leased.Jobs, Is.Empty);
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Queued));
        Assert.That((await LeaseAsync(walltimeLeftSeconds: 7200)).Jobs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Lease_RuntimeThePilotLacks_StaysQueued()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec() with { Runtime = new RuntimeSpec { Type = "charliecloud", Image = "/img" } });

        Assert.That((await LeaseAsync()).Jobs, Is.Empty);
    }

    [Test]
    public async Task Lease_UnregisteredPilot_Is404AskingToRegister()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.LeaseAsync("ghost", new LeaseRequest { Free = FourCores }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("register again"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Report_Success_EndsTheJobWithExitCodeAndTail()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();

        await Server.Api.ReportAsync(lease.LeaseId, Report(lease.FencingToken, AttemptOutcome.Succeeded, 0, "all good\n"));

        var done = await Server.Api.GetJobAsync(job.Id);
        Assert.That(done.State, Is.EqualTo(JobState.Succeeded));
        Assert.That(done.ExitCode, Is.EqualTo(0));
        Assert.That(done.LogTail, Is.EqualTo("all good\n"));
        Assert.That((await Server.Api.GetAttemptsAsync(job.Id)).Single().Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
    }

    [Test]
    public async Task Report_Twice_SecondIsRefusedAs409()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();
        await Server.Api.ReportAsync(lease.LeaseId, Report(lease.FencingToken, AttemptOutcome.PayloadFailed, 3));

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.ReportAsync(lease.LeaseId, Report(lease.FencingToken, AttemptOutcome.Succeeded, 0)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Evicted_IsRequeuedAtOnceAndLeasedWithAHigherToken()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var first = (await LeaseAsync()).Jobs.Single();

        await Server.Api.ReportAsync(first.LeaseId, Report(first.FencingToken, AttemptOutcome.Evicted, 143));
        var second = (await LeaseAsync()).Jobs.Single();

        Assert.That(second.JobId, Is.EqualTo(job.Id));
        Assert.That(second.FencingToken, Is.GreaterThan(first.FencingToken));
    }

    [Test]
    public async Task ExpiredLease_RequeuesAndFencesOutTheLostPilot()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lost = (await LeaseAsync()).Jobs.Single();

        Server.Time.Advance(InProcessServer.LeaseTtl + TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(() => Server.Api.GetJobAsync(job.Id), j => j.State == JobState.Queued, TimeSpan.FromSeconds(10), "the reaper to requeue the job");
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.ReportAsync(lost.LeaseId, Report(lost.FencingToken, AttemptOutcome.Succeeded, 0)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Server.Api.GetAttemptsAsync(job.Id)).Single().Outcome, Is.EqualTo(AttemptOutcome.PilotLost));
    }

    [Test]
    public async Task Heartbeat_RenewsLeases()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();
        Server.Time.Advance(TimeSpan.FromSeconds(40));

        var response = await Server.Api.HeartbeatAsync(_pilot, new Heartbeat { Leases = [new LeaseRef(lease.LeaseId, lease.FencingToken)] });

        Assert.That(response.Renewed.Single().ExpiresAt, Is.EqualTo(Server.Time.GetUtcNow() + InProcessServer.LeaseTtl).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(response.Commands, Is.Empty);
    }

    [Test]
    public async Task Cancel_RunningJob_HeartbeatOrdersTheKill()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();

        await Server.Api.CancelAsync(job.Id);
        var response = await Server.Api.HeartbeatAsync(_pilot, new Heartbeat { Leases = [new LeaseRef(lease.LeaseId, lease.FencingToken)] });
        await Server.Api.ReportAsync(lease.LeaseId, Report(lease.FencingToken, AttemptOutcome.Cancelled, 143));

        Assert.That(response.Commands.Single(), Is.EqualTo(new PilotCommand(PilotCommandKind.Kill, lease.LeaseId, "the job was cancelled by its owner")));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Cancelled));
    }

    [Test]
    public async Task Lease_JobForASite_GoesOnlyToPilotsOfThatSite_AndSaysWhyItWaits()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "at-cern") with { Site = "cern" });

        var elsewhere = await LeaseAsync();
        var waiting = await Server.Api.GetJobAsync(job.Id);
        var atCern = (await Server.Api.RegisterAsync(new PilotRegistration { Hostname = "n2", Site = "cern", Resources = FourCores, Runtimes = ["process"] })).PilotId;
        var leased = await Server.Api.LeaseAsync(atCern, new LeaseRequest { Free = FourCores });

        Assert.That(elsewhere.Jobs, Is.Empty, "a pilot without a site does not take it");
        Assert.That(waiting.Reason, Does.Contain("no active pilot at site 'cern'"));
        Assert.That(leased.Jobs.Select(j => j.JobId), Is.EqualTo(new[] { job.Id }));
    }

    [Test]
    public async Task Heartbeat_DrainingOnABrokenNode_PilotListShowsWhyAndThatTheNodeIsBroken()
    {
        await Server.Api.HeartbeatAsync(_pilot, new Heartbeat { Leases = [], Draining = true, DrainReason = "this node looks broken", NodeBroken = true });
        await Server.Api.HeartbeatAsync(_pilot, new Heartbeat { Leases = [], Draining = true, DrainReason = "this node looks broken" });

        var pilot = (await Server.Api.ListPilotsAsync()).Single(p => p.Id == _pilot);

        Assert.That(pilot.State, Is.EqualTo("draining"));
        Assert.That(pilot.DrainReason, Is.EqualTo("this node looks broken"));
        Assert.That(pilot.NodeBroken, Is.True, "once broken, stays broken");
    }

    [Test]
    public async Task Report_WithItsWholeLog_KeepsItAsTheLogOnce()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();
        var report = new AttemptReport
        {
            FencingToken = lease.FencingToken,
            Outcome = AttemptOutcome.Succeeded,
            ExitCode = 0,
            FinishedAt = DateTimeOffset.UtcNow,
            LogTail = "short and sweet ✓\n",
            LogTailIsWholeLog = true,
        };

        await Server.Api.ReportAsync(lease.LeaseId, report);
        using var log = await Server.Api.GetLogAsync(job.Id);

        Assert.That(await log.Content.ReadAsStringAsync(), Is.EqualTo("short and sweet ✓\n"));
        Assert.That(() => Server.Api.ReportAsync(lease.LeaseId, report), Throws.InstanceOf<ApiException>(), "a replayed report is refused and adds nothing");
        using var again = await Server.Api.GetLogAsync(job.Id);
        Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo("short and sweet ✓\n"));
    }

    [Test]
    public async Task Log_ChunksAppendOnceAndReadBackFromAnOffset()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();

        await AppendAsync(lease, 0, "hello ");
        await AppendAsync(lease, 0, "hello ");
        await AppendAsync(lease, 6, "world\n");
        using var all = await Server.Api.GetLogAsync(job.Id);
        using var tail = await Server.Api.GetLogAsync(job.Id, offset: 6);

        Assert.That(await all.Content.ReadAsStringAsync(), Is.EqualTo("hello world\n"));
        Assert.That(await tail.Content.ReadAsStringAsync(), Is.EqualTo("world\n"));
    }

    [Test]
    public async Task Log_LargerThanARow_StoredInRowsAndReadWholeFromAnyOffset()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();
        var text = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"{i:D9}\n"));
        for (var offset = 0; offset < text.Length; offset += 100_000)
        {
            await AppendAsync(lease, offset, text[offset..Math.Min(text.Length, offset + 200_000)]);
        }

        using var all = await Server.Api.GetLogAsync(job.Id);
        using var deep = await Server.Api.GetLogAsync(job.Id, offset: 300_001);

        Assert.That(await all.Content.ReadAsStringAsync(), Is.EqualTo(text), "600 000 bytes, sent in overlapping chunks");
        Assert.That(await deep.Content.ReadAsStringAsync(), Is.EqualTo(text[300_001..]));
        Assert.That(Directory.Exists(Path.Combine(Server.DataDirectory, "logs")), Is.False, "no file");
    }

    [Test]
    public async Task Log_BegunInAFileByAnEarlierVersion_IsReadAndExtendedThere()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();
        var file = Path.Combine(Server.DataDirectory, "logs", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{lease.Attempt}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "before the upgrade\n");

        await AppendAsync(lease, 19, "after it\n");
        using var log = await Server.Api.GetLogAsync(job.Id);

        Assert.That(await log.Content.ReadAsStringAsync(), Is.EqualTo("before the upgrade\nafter it\n"));
    }

    [Test]
    public async Task Log_ChunkPastTheEnd_Is409NamingTheOffsetToResendFrom()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec());
        var lease = (await LeaseAsync()).Jobs.Single();

        var error = Assert.CatchAsync<ApiException>(() => AppendAsync(lease, 100, "late"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Content, Does.Contain("resend from 0"));
    }

    private async Task AppendAsync(LeasedJob lease, long offset, string text)
    {
        using var chunk = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Server.Api.AppendLogAsync(lease.LeaseId, lease.FencingToken, offset, chunk);
    }

    private AttemptReport Report(long token, AttemptOutcome outcome, int? exitCode, string? tail = null) => new()
    {
        FencingToken = token,
        Outcome = outcome,
        ExitCode = exitCode,
        StartedAt = Server.Time.GetUtcNow(),
        FinishedAt = Server.Time.GetUtcNow(),
        LogTail = tail,
    };
}
