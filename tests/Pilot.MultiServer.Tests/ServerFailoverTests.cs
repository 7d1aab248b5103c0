using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>Three servers on one PostgreSQL behind HAProxy behave as one queue while servers die and restart.</summary>
[TestFixture]
[Category("E2E")]
public sealed class ServerFailoverTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(8);

    [Test]
    public async Task TwoOfThreeServersKilledWhileJobsFlow_NoJobLostOrRunTwice_AgentsAndCliRideThrough()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        var agents = Enumerable.Range(0, 4).Select(i => cluster.StartAgent($"agent-{i}")).ToList();
        var flow = new JobFlow(cluster, "flow", 2000);
        var submitting = flow.SubmitAsync();
        using var stopCli = new CancellationTokenSource();
        var cli = CliLoopAsync(cluster, flow.Group, stopCli.Token);

        await flow.WaitUntilAsync(300, Drain);
        await cluster.Servers[0].StopAsync(9);
        await flow.WaitUntilAsync(900, Drain);
        await cluster.Servers[1].StopAsync(9);
        await submitting;
        await flow.WaitUntilAsync(2000, Drain);
        await stopCli.CancelAsync();
        var cliCalls = await cli;

        await flow.AssertEachRanOnceAsync();
        Assert.That(agents.Where(a => a.HasExited).Select(a => a.Output).ToList(), Is.Empty, "agents that gave up");
        Assert.That(cliCalls.Failures, Is.Empty, $"pilot CLI calls that failed of {cliCalls.Calls}");
        Assert.That(cliCalls.Calls, Is.GreaterThan(0));
    }

    [Test]
    public async Task RollingRestartOfAllThreeServersUnderLoad_NoClientCallFails_NoJobLost()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        var agents = Enumerable.Range(0, 4).Select(i => cluster.StartAgent($"agent-{i}")).ToList();
        var flow = new JobFlow(cluster, "rolling", 600);
        var submitting = flow.SubmitAsync();
        using var stopCli = new CancellationTokenSource();
        var cli = CliLoopAsync(cluster, flow.Group, stopCli.Token);

        await flow.WaitUntilAsync(50, Drain);
        foreach (var server in cluster.Servers)
        {
            await server.StopAsync(15);
            await server.StartAgainAsync("10s");
        }

        await submitting;
        await flow.WaitUntilAsync(600, Drain);
        await stopCli.CancelAsync();
        var cliCalls = await cli;

        await flow.AssertEachRanOnceAsync();
        Assert.That(agents.Where(a => a.HasExited).Select(a => a.Output).ToList(), Is.Empty, "agents that gave up");
        Assert.That(cliCalls.Failures, Is.Empty, $"pilot CLI calls that failed of {cliCalls.Calls}");
    }

    /// <summary>A user watching: <c>pilot group</c> and <c>pilot jobs</c> through the balancer, one after the other, until told to stop.</summary>
    private static async Task<(int Calls, IReadOnlyList<string> Failures)> CliLoopAsync(ServerCluster cluster, string group, CancellationToken stop)
    {
        var failures = new List<string>();
        var calls = 0;
        string[][] verbs = [["group", group], ["jobs", "--group", group, "--limit", "5"]];
        while (!stop.IsCancellationRequested)
        {
            await using var process = PilotProcess.Start(["--server", cluster.Url, "--token", cluster.AdminToken, .. verbs[calls++ % verbs.Length]]);
            if (await process.WaitForExitAsync(TimeSpan.FromMinutes(1)) != 0)
            {
                failures.Add(process.Output);
            }
        }

        return (calls, failures);
    }
}
