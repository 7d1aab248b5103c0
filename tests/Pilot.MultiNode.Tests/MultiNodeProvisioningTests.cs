using Pilot.Contracts;
using Pilot.Slurm;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

[TestFixture]
[Category("MultiNode")]
public sealed class MultiNodeProvisioningTests
{
    private const string Queue = "Pilot__Provisioner__Queues__0__";
    private static readonly TimeSpan Minute = TestBed.Minute;

    [Test]
    public async Task ThreeNodeJobNoPilotCanTake_ProvisionerSubmitsAThreeNodePilotJob_WhichRunsIt()
    {
        var queue = $"wide-{Guid.NewGuid():N}"[..12];
        using var shared = new TemporaryDirectory(SlurmCluster.MultiNode.SharedDirectory);
        using var data = new TemporaryDirectory();
        await using var cluster = new SlurmPilots(SlurmCluster.MultiNode);
        var port = Ports.Free();
        var tokenFile = shared.Sub("pilot.token");
        var environment = new Dictionary<string, string>
        {
            ["Pilot__Provisioner__Interval"] = "00:00:02",
            [Queue + "Queue"] = queue,
            [Queue + "MaxPilots"] = "2",
            [Queue + "Time"] = "00:05:00",
            [Queue + "Cores"] = "1",
            [Queue + "MemoryMb"] = "1000",
            [Queue + "SignalLead"] = "00:00:30",
            [Queue + "ServerUrl"] = $"http://{SlurmCluster.MultiNode.ServerAddress}:{port}",
            [Queue + "TokenFile"] = tokenFile,
            [Queue + "PilotCommand"] = cluster.SharedPilotCommand,
            [Queue + "Output"] = shared.Sub("pilot-%j.out"),
            [Queue + "AgentArguments__0"] = "--idle-timeout=5s",
            [Queue + "AgentArguments__1"] = "--heartbeat-interval=1s",
        };
        await using var server = await PilotServerProcess.StartAsync(data.Path, port: port, environment: environment, address: SlurmCluster.MultiNode.ServerAddress);
        await File.WriteAllTextAsync(tokenFile, server.PilotToken);
        try
        {
            var job = await server.Api.SubmitAsync(new JobSpec
            {
                Name = "wide",
                Command = ["sh", "-c", "echo \"task $SLURM_PROCID on $(hostname)\""],
                Queue = queue,
                Resources = new ResourceRequest { Nodes = 3, Cores = 1, Walltime = Minute },
            });

            var done = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State == JobState.Succeeded, 3 * Minute, "a provisioned pilot to run the 3-node job");
            var pilots = await server.Api.ListPilotsAsync();
            var provisioned = await server.Api.ListProvisionedAsync();
            using var response = await server.Api.GetLogAsync(job.Id);
            var log = await response.Content.ReadAsStringAsync();

            Assert.That(provisioned, Has.Count.EqualTo(1), "one pilot job covers the one job");
            Assert.That(pilots.Single(p => p.Id == done.PilotId).Resources.Nodes, Is.EqualTo(3), "the pilot job is as wide as the job");
            Assert.That(log, Does.Contain("on pn1").And.Contain("on pn2").And.Contain("on pn3"), log);
        }
        finally
        {
            await new SlurmCli().RunAsync(SlurmCommands.CancelByName($"pilot-{queue}"), CancellationToken.None);
        }
    }
}
