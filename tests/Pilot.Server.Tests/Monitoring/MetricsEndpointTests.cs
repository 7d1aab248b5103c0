using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Server.Tests.Monitoring;

/// <summary>/metrics read from the store at scrape time, on each storage backend, on a fake clock.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class MetricsEndpointTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public async Task Scrape_QueuedJobsInTwoQueues_CountsJobsByStateAndQueue()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "a"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "b"));
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "c") with { Queue = "gpu" });

        var metrics = await ScrapeAsync();

        Assert.That(metrics, Does.Contain("pilot_jobs{state=\"queued\",queue=\"default\"} 2\n"));
        Assert.That(metrics, Does.Contain("pilot_jobs{state=\"queued\",queue=\"gpu\"} 1\n"));
        Assert.That(metrics, Does.Contain("pilot_jobs{state=\"running\",queue=\"gpu\"} 0\n"));
        Assert.That(metrics, Does.Contain("pilot_jobs_submitted_total{queue=\"default\"} 2\n"));
    }

    [Test]
    public async Task Scrape_AfterAHeartbeat_ShowsThePilotsSummaryAgedByTheClock()
    {
        var pilot = (await Server.RegisterPilotAsync(cores: 4)).PilotId;
        await Server.Api.HeartbeatAsync(pilot, new Heartbeat
        {
            Leases = [],
            Free = new ResourceSet { Cores = 3, MemoryMb = 1024, Gpus = 1 },
            RunningPayloads = 1,
            WalltimeLeftSeconds = 600,
        });
        Server.Time.Advance(TimeSpan.FromSeconds(20));

        var metrics = await ScrapeAsync();

        Assert.That(metrics, Does.Contain($"pilot_pilot_free_cores{{pilot=\"{pilot}\",site=\"none\"}} 3\n"));
        Assert.That(metrics, Does.Contain($"pilot_pilot_free_memory_bytes{{pilot=\"{pilot}\",site=\"none\"}} 1073741824\n"));
        Assert.That(metrics, Does.Contain($"pilot_pilot_running_payloads{{pilot=\"{pilot}\",site=\"none\"}} 1\n"));
        Assert.That(metrics, Does.Contain($"pilot_pilot_walltime_left_seconds{{pilot=\"{pilot}\",site=\"none\"}} 580\n"));
        Assert.That(metrics, Does.Contain($"pilot_pilot_heartbeat_age_seconds{{pilot=\"{pilot}\",site=\"none\"}} 20\n"));
        Assert.That(metrics, Does.Contain("pilot_pilots_alive{site=\"none\",state=\"active\"} 1\n"));
    }

    [Test]
    public async Task Scrape_AfterThePilotLeft_HasNoSeriesForIt()
    {
        var pilot = (await Server.RegisterPilotAsync()).PilotId;
        await Server.Api.HeartbeatAsync(pilot, new Heartbeat { Leases = [], Free = new ResourceSet { Cores = 4 }, RunningPayloads = 0 });
        var before = await ScrapeAsync();

        await Server.Api.DeregisterAsync(pilot);
        var after = await ScrapeAsync();

        Assert.That(before, Does.Contain($"pilot=\"{pilot}\""));
        Assert.That(after, Does.Not.Contain($"pilot=\"{pilot}\""));
        Assert.That(after, Does.Contain("pilot_pilots_alive{site=\"none\",state=\"active\"} 0\n"));
    }

    [Test]
    public async Task Scrape_AfterALeaseExpired_CountsItAndThePilotLostAttempt()
    {
        var pilot = (await Server.RegisterPilotAsync()).PilotId;
        await Server.Api.SubmitAsync(InProcessServer.Spec());
        await Server.Api.LeaseAsync(pilot, new LeaseRequest { Free = new ResourceSet { Cores = 4, MemoryMb = 8192 }, MaxJobs = 1 });

        Server.Time.Advance(InProcessServer.LeaseTtl + TimeSpan.FromSeconds(2));
        var metrics = await Eventually.UntilAsync(ScrapeAsync, m => m.Contains("pilot_leases_expired_total 1\n"), TimeSpan.FromSeconds(30), "the reaper to expire the lease");

        Assert.That(metrics, Does.Contain("pilot_leases_granted_total 1\n"));
        Assert.That(metrics, Does.Contain("pilot_attempts_finished_total{outcome=\"pilot_lost\"} 1\n"));
        Assert.That(metrics, Does.Contain("pilot_job_wait_seconds_count 1\n"));
    }

    private Task<string> ScrapeAsync() => Server.Http.GetStringAsync("/metrics");
}
