namespace Pilot.Observability.Tests;

/// <summary>The shipped dashboard imports into Grafana: valid JSON, Prometheus targets, the panels operators look for.</summary>
[TestFixture]
public sealed class GrafanaDashboardTests
{
    [Test]
    public void Dashboard_File_IsValidJsonWithAPrometheusQueryInEveryPanel()
    {
        var dashboard = GrafanaDashboard.Load();

        var panels = dashboard.Root.GetProperty("panels").EnumerateArray().ToList();

        Assert.That(panels, Is.Not.Empty);
        Assert.That(panels.Select(p => p.GetProperty("targets").GetArrayLength()), Has.All.GreaterThan(0));
        Assert.That(dashboard.Expressions(), Has.All.Not.Empty);
    }

    [Test]
    public void Dashboard_Panels_CoverQueueThroughputPilotsFailuresAndWalltime()
    {
        var titles = GrafanaDashboard.Load().Root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()).ToList();

        Assert.That(titles, Is.SupersetOf(new[] { "Queue depth", "Throughput", "Pilots by site", "Failures by class (1h)", "Walltime left per pilot" }));
    }
}
