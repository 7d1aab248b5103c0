using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>A payload's log is the queue's, not one server's: following it survives the servers that received it dying.</summary>
[TestFixture]
[Category("E2E")]
public sealed class LogFollowTests
{
    private const int Lines = 60;

    [Test]
    public async Task FollowingARunningJobsLog_ServersThatReceivedItsChunksDie_ContinuesWithNothingMissingOrDoubled()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        cluster.StartAgent("agent");
        var job = await cluster.Api.SubmitAsync(new JobSpec
        {
            Name = "talker",
            Command = ["sh", "-c", $"for i in $(seq 1 {Lines}); do echo line $i; sleep 0.2; done"],
            Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(2) },
        });
        await using var follow = PilotProcess.Start(["--server", cluster.Url, "--token", cluster.AdminToken, "logs", "-f", job.Id.ToString()]);

        // The agent's chunks went to the servers behind the balancer; two of the three die while it still talks.
        await Eventually.UntilAsync(() => follow.Output.Contains("line 15\n", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the log to reach line 15");
        await cluster.Servers[0].StopAsync(9);
        await Eventually.UntilAsync(() => follow.Output.Contains("line 30\n", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the log to reach line 30");
        await cluster.Servers[1].StopAsync(9);
        var exit = await follow.WaitForExitAsync(TimeSpan.FromMinutes(2));

        var printed = follow.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.Zero, follow.Output);
        Assert.That(printed.Where(line => line.StartsWith("line ", StringComparison.Ordinal)), Is.EqualTo(Enumerable.Range(1, Lines).Select(i => $"line {i}")), "every line once, in order");
        Assert.That(printed.Count(line => line.StartsWith("[pilot] process:", StringComparison.Ordinal)), Is.EqualTo(1), "the agent's header line once");
        Assert.That((await Retrying.CallAsync(() => cluster.Api.GetJobAsync(job.Id))).State, Is.EqualTo(JobState.Succeeded));
    }
}
