using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary><c>pilot drain</c> reaches a real agent in its next heartbeat.</summary>
[TestFixture]
[Category("E2E")]
public sealed class DrainCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Drain_AgentFinishesItsPayloadThenLeaves()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        var job = await server.Api.SubmitAsync(new JobSpec { Command = ["sleep", "3"] });
        await using var agent = PilotAgentProcess.Start(server, directory.Sub("agent"));
        await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State == JobState.Running, Timeout, "the payload to run");
        var pilotId = (await server.Api.ListPilotsAsync()).Single().Id;

        await using var cli = PilotProcess.Start(server.CliArguments("drain", pilotId));
        Assert.That(await cli.WaitForExitAsync(Timeout), Is.Zero, cli.Output);

        Assert.That(await agent.WaitForExitAsync(Timeout), Is.Zero, "the agent leaves once its payload is done");
        Assert.That(cli.Output, Does.Contain($"pilot {pilotId}").And.Contain("take no more work"));
        Assert.That((await server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Succeeded), "draining lets the payload finish");
        Assert.That(agent.Output, Does.Contain("the server asked"));
    }

    [Test]
    public async Task Shutdown_AgentEvictsItsPayloadAndLeaves()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        var job = await server.Api.SubmitAsync(new JobSpec { Command = ["sleep", "300"] });
        await using var agent = PilotAgentProcess.Start(server, directory.Sub("agent"));
        await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State == JobState.Running, Timeout, "the payload to run");
        var pilotId = (await server.Api.ListPilotsAsync()).Single().Id;

        await using var cli = PilotProcess.Start(server.CliArguments("drain", "--shutdown", pilotId));
        Assert.That(await cli.WaitForExitAsync(Timeout), Is.Zero, cli.Output);

        Assert.That(await agent.WaitForExitAsync(Timeout), Is.Zero);
        var requeued = await server.Api.GetJobAsync(job.Id);
        Assert.That(requeued.State, Is.EqualTo(JobState.Queued));
        Assert.That(requeued.LastOutcome, Is.EqualTo(AttemptOutcome.Evicted));
    }
}
