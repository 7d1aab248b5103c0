using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>What one server learns, every server shows.</summary>
[TestFixture]
[Category("E2E")]
public sealed class SharedStateTests
{
    [Test]
    public async Task AgentHeartbeatingThroughTheBalancer_EveryServersMetricsShowItsSummary()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        cluster.StartAgent("agent", cores: 3);
        var pilot = await Eventually.UntilAsync(() => cluster.Api.ListPilotsAsync(), pilots => pilots.Any(p => p.State == "active"), TimeSpan.FromMinutes(1), "the agent to register");
        var series = $"pilot_pilot_free_cores{{pilot=\"{pilot.Single().Id}\",site=\"none\"}} 3";

        foreach (var server in cluster.Servers)
        {
            var metrics = await Eventually.UntilAsync(
                () => server.Http.GetStringAsync("/metrics"), text => text.Contains(series, StringComparison.Ordinal), TimeSpan.FromSeconds(20), $"{server.Url} to show the pilot's summary");
            Assert.That(metrics, Does.Contain(series), $"{server.Url}, whichever server received the heartbeats");
        }
    }
}
