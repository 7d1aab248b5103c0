using System.Net.Http.Json;
using System.Text.Json;
using Pilot.Contracts;
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

    [Test]
    public async Task QueueDepthChart_EveryServerDrawsTheSameHistory_WhichOutlivesTheLeader()
    {
        await using var cluster = await ServerCluster.StartAsync(3, environment: new Dictionary<string, string> { ["Pilot__Monitoring__QueueDepthInterval"] = "00:00:00.500" });
        for (var i = 0; i < 3; i++)
        {
            await cluster.Api.SubmitAsync(new JobSpec { Name = $"waits-{i}", Command = ["true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(1) } });
        }

        var leader = await cluster.LeaderAsync(TimeSpan.FromMinutes(1));
        var follower = cluster.Servers.First(s => s != leader);
        await Eventually.UntilAsync(() => SamplesAsync(follower), samples => samples.Any(s => s.Queued == 3), TimeSpan.FromSeconds(30), "a follower to draw the leader's samples");
        var killedAt = DateTimeOffset.UtcNow;
        await leader.StopAsync(9);
        await cluster.LeaderAsync(TimeSpan.FromSeconds(30));

        var histories = new List<IReadOnlyList<Sample>>();
        foreach (var server in cluster.Servers.Where(s => !s.Process.HasExited))
        {
            histories.Add(await Eventually.UntilAsync(
                () => SamplesAsync(server), samples => samples.Any(s => s.At > killedAt.AddSeconds(1)), TimeSpan.FromSeconds(30), $"{server.Url} to draw samples of the new leader"));
        }

        Assert.That(histories, Has.All.Matches<IReadOnlyList<Sample>>(h => h.Any(s => s.At < killedAt && s.Queued == 3)), "samples from before the leader died");
        Assert.That(histories, Has.All.Matches<IReadOnlyList<Sample>>(h => h.Any(s => s.At > killedAt.AddSeconds(1) && s.Queued == 3)), "samples of the new leader");
    }

    private static async Task<IReadOnlyList<Sample>> SamplesAsync(PilotServerProcess server) =>
        (await server.Http.GetFromJsonAsync<List<Sample>>("/ui/data/queue-depth", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    /// <summary>One point of the web page's queue-depth chart.</summary>
    private sealed record Sample(DateTimeOffset At, long Queued, long Running);
}
