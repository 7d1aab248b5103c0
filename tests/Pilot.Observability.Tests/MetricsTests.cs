using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>What a real server and agent expose at /metrics after running jobs, checked by promtool and by a real Prometheus.</summary>
[TestFixture]
public sealed class MetricsTests
{
    private ObservedPilot _pilot = null!;
    private string _pilotId = "";

    [OneTimeSetUp]
    public async Task StartAndRunJobs()
    {
        _pilot = await ObservedPilot.StartAsync();
        _pilotId = await _pilot.PilotIdAsync();
        await _pilot.RunAsync(ObservedPilot.Payload("ok", "echo", "metrics"));
        await _pilot.RunAsync(ObservedPilot.Payload("broken", "exit", "3"));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _pilot.DisposeAsync();

    [Test]
    public async Task ServerMetrics_AfterTwoJobs_CountSubmissionsOutcomesAndJobsByState()
    {
        var metrics = await Exposition.ScrapeAsync(_pilot.ServerMetricsUrl);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("pilot_jobs_submitted_total", "queue=\"default\""), Is.EqualTo(2));
            Assert.That(metrics.Value("pilot_leases_granted_total"), Is.EqualTo(2));
            Assert.That(metrics.Value("pilot_attempts_finished_total", "outcome=\"succeeded\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_attempts_finished_total", "outcome=\"payload_failed\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_jobs", "state=\"succeeded\"", "queue=\"default\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_jobs", "state=\"failed\"", "queue=\"default\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_jobs", "state=\"queued\"", "queue=\"default\""), Is.Zero);
            Assert.That(metrics.Value("pilot_job_wait_seconds_count"), Is.EqualTo(2));
            Assert.That(metrics.Value("pilot_job_run_seconds_count", "outcome=\"payload_failed\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_pilots_alive", "site=\"testsite\"", "state=\"active\""), Is.EqualTo(1));
            Assert.That(metrics.SampleNames, Does.Contain("http_requests_received_total"));
        });
    }

    [Test]
    public async Task ServerMetrics_AfterHeartbeats_HavePerPilotGaugesFromTheSummary()
    {
        var metrics = await Eventually.UntilAsync(
            () => Exposition.ScrapeAsync(_pilot.ServerMetricsUrl),
            m => m.Value("pilot_pilot_free_cores", $"pilot=\"{_pilotId}\"") is not null,
            TimeSpan.FromSeconds(30),
            "a heartbeat summary");

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("pilot_pilot_free_cores", $"pilot=\"{_pilotId}\"", "site=\"testsite\""), Is.EqualTo(2));
            Assert.That(metrics.Value("pilot_pilot_running_payloads", $"pilot=\"{_pilotId}\""), Is.Zero);
            Assert.That(metrics.Value("pilot_pilot_free_memory_bytes", $"pilot=\"{_pilotId}\""), Is.GreaterThan(0));
            Assert.That(metrics.Value("pilot_pilot_heartbeat_age_seconds", $"pilot=\"{_pilotId}\""), Is.LessThan(30));
            Assert.That(metrics.Value("pilot_pilot_walltime_left_seconds", $"pilot=\"{_pilotId}\""), Is.InRange(3000, 3600));
        });
    }

    [Test]
    public async Task AgentMetrics_AfterTwoJobs_CountOutcomesLeasesAndFreeResources()
    {
        var metrics = await Eventually.UntilAsync(
            () => Exposition.ScrapeAsync(_pilot.AgentMetricsUrl),
            m => m.Value("pilot_agent_heartbeat_duration_seconds_count") >= 1,
            TimeSpan.FromSeconds(30),
            "the agent's first heartbeat");

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("pilot_agent_payloads_finished_total", "outcome=\"succeeded\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_agent_payloads_finished_total", "outcome=\"payload_failed\""), Is.EqualTo(1));
            Assert.That(metrics.Value("pilot_agent_payloads_running"), Is.Zero);
            Assert.That(metrics.Value("pilot_agent_free_cores"), Is.EqualTo(2));
            Assert.That(metrics.Value("pilot_agent_lease_request_duration_seconds_count", "result=\"granted\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(metrics.Value("pilot_agent_evictions_total"), Is.Zero);
            Assert.That(metrics.Value("pilot_agent_walltime_left_seconds"), Is.InRange(3000, 3600), "the agent runs with --walltime 1h");
        });
    }

    [TestCase("server")]
    [TestCase("agent")]
    [Category("Prometheus")]
    public async Task Exposition_CheckedByPromtool_HasNoProblems(string source)
    {
        var metrics = await Exposition.ScrapeAsync(source == "server" ? _pilot.ServerMetricsUrl : _pilot.AgentMetricsUrl);

        var check = await Promtool.CheckMetricsAsync(metrics.Text);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError);
        Assert.That(check.StandardOutput + check.StandardError, Is.Empty);
    }

    [Test]
    [Category("Prometheus")]
    public async Task Prometheus_ScrapingServerAndAgent_FindsTheirSeries()
    {
        Requirements.Command("prometheus");
        await using var prometheus = await PrometheusProcess.StartAsync(
            _pilot.Directory.Sub("prometheus"),
            new Dictionary<string, string>
            {
                ["pilot-server"] = new Uri(_pilot.Server.Url).Authority,
                ["pilot-agent"] = $"127.0.0.1:{_pilot.AgentMetricsPort}",
            });

        var up = await Eventually.UntilAsync(() => prometheus.QueryAsync("up == 1"), r => r.Count == 2, TimeSpan.FromSeconds(60), "both targets to be up");
        var failed = await prometheus.QueryAsync("pilot_attempts_finished_total{outcome=\"payload_failed\"}");
        var free = await prometheus.QueryAsync($"pilot_pilot_free_cores{{pilot=\"{_pilotId}\"}}");
        var agentFinished = await prometheus.QueryAsync("sum(pilot_agent_payloads_finished_total)");

        Assert.Multiple(() =>
        {
            Assert.That(up.Select(s => s.Labels["job"]), Is.EquivalentTo(new[] { "pilot-server", "pilot-agent" }));
            Assert.That(failed.Single().Value, Is.EqualTo("1"));
            Assert.That(failed.Single().Labels["job"], Is.EqualTo("pilot-server"));
            Assert.That(free.Single().Value, Is.EqualTo("2"));
            Assert.That(agentFinished.Single().Value, Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task GrafanaDashboard_EveryMetricItQueries_IsExposedByServerOrAgent()
    {
        var dashboard = GrafanaDashboard.Load();
        var exposed = (await Exposition.ScrapeAsync(_pilot.ServerMetricsUrl)).SampleNames
            .Union((await Exposition.ScrapeAsync(_pilot.AgentMetricsUrl)).SampleNames)
            .ToHashSet();

        var used = dashboard.MetricNames();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(name => !exposed.Contains(name)), Is.Empty, "metrics the dashboard queries but nothing exposes");
    }
}
