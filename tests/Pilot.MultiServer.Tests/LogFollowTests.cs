using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>A payload's log is the queue's, not one server's: any server reads it whole, and following it survives the servers that received it dying.</summary>
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

    [Test]
    public async Task LogLargerThanOneRow_AllReceivedByOneServer_ReadsWholeThroughTheOthersAfterItDies()
    {
        // About 590 KB: more than two rows of the log store, in several chunks of the agent.
        const int Numbers = 100_000;
        var expected = string.Concat(Enumerable.Range(1, Numbers).Select(i => $"{i}\n"));
        await using var cluster = await ServerCluster.StartAsync(3);
        var receiver = cluster.Servers[0];
        await using var agent = PilotProcess.Start(PilotAgentProcess.Arguments(receiver.Url, receiver.PilotToken, cluster.Sub("agent")));
        var job = await receiver.Api.SubmitAsync(new JobSpec
        {
            Name = "long-log",
            Command = ["seq", "1", Numbers.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(2) },
        });
        await Eventually.UntilAsync(() => receiver.Api.GetJobAsync(job.Id), view => view.State == JobState.Succeeded, TimeSpan.FromMinutes(2), "the job to end");
        var whole = await ReadLogAsync(receiver, job.Id, 0);
        Assert.That(whole, Does.Contain(expected), "the log as the server that received it reads it");

        await receiver.StopAsync(9);

        foreach (var other in cluster.Servers.Skip(1))
        {
            Assert.That(await ReadLogAsync(other, job.Id, 0), Is.EqualTo(whole), $"{other.Url}, which received none of it");
        }

        var resumeAt = whole.Length - 1000;
        Assert.That(await ReadLogAsync(cluster.Servers[2], job.Id, resumeAt), Is.EqualTo(whole[resumeAt..]), "read from an offset deep in the log, as pilot logs -f resumes");
        await using var cli = PilotProcess.Start(["--server", cluster.Servers[1].Url, "--token", cluster.AdminToken, "logs", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.That(await cli.WaitForExitAsync(TimeSpan.FromMinutes(1)), Is.Zero, cli.Output);
        Assert.That(cli.Output, Does.Contain(expected), "pilot logs through another server");
    }

    private static async Task<string> ReadLogAsync(PilotServerProcess server, long jobId, long offset)
    {
        using var response = await server.Api.GetLogAsync(jobId, offset);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
