using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>A pilot whose payloads fail fast one after another stops taking work and tells the server its node looks broken.</summary>
[TestFixture]
[Category("E2E")]
public sealed class BrokenNodeTests
{
    [Test]
    public async Task PayloadsFailingFastInARow_PilotLeavesAndTheServerKnowsTheNodeIsBroken()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        for (var i = 0; i < 4; i++)
        {
            await server.Api.SubmitAsync(new JobSpec { Name = $"fails-{i}", Command = ["false"], Retries = new RetryPolicy { PayloadFailure = 0 } });
        }

        await using var agent = PilotAgentProcess.Start(server, directory.Sub("agent"), 1, "--fast-failures", "3", "--fast-failure-time", "30s");

        Assert.That(await agent.WaitForExitAsync(TimeSpan.FromSeconds(90)), Is.Zero, "the pilot leaves with exit 0");
        var pilot = (await server.Api.ListPilotsAsync()).Single();
        var queued = await server.Api.ListJobsAsync(state: "queued");
        Assert.That(agent.Output, Does.Contain("this node looks broken"));
        Assert.That(pilot.NodeBroken, Is.True);
        Assert.That(pilot.DrainReason, Does.Contain("3 payloads in a row failed"));
        Assert.That(pilot.State, Is.EqualTo("gone"));
        Assert.That(queued.Jobs, Has.Count.EqualTo(1), "the fourth job waits for a healthy node");
    }
}
