using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Slurm.Tests.Provisioning;

[TestFixture]
[Category("Slurm")]
public sealed class ProvisionerTests
{
    private const int Cap = 3;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly SlurmCli _slurm = new();
    private string _queue = "";

    [SetUp]
    public void SetUp()
    {
        Requirements.Command("sbatch", "scripts/install-deps.sh installs slurm-wlm; scripts/services/slurm.sh starts it");
        _queue = $"prov-{Guid.NewGuid():N}"[..13];
    }

    [TearDown]
    public async Task TearDown() => await _slurm.RunAsync(SlurmCommands.CancelByName($"pilot-{_queue}"), CancellationToken.None);

    [Test]
    public async Task TwentyQueuedJobs_BringUpPilotsUpToTheCapAndNoMore_TheyDrainTheQueue()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await StartServerAsync(directory);
        var jobs = new List<JobView>();
        for (var i = 0; i < 20; i++)
        {
            jobs.Add(await server.Api.SubmitAsync(new JobSpec { Name = $"work-{i}", Command = ["sleep", "2"], Queue = _queue, Resources = new ResourceRequest { Walltime = Minute } }));
        }

        var mostAtOnce = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                var inSlurm = SlurmJobStatus.ParseAll(await _slurm.RunAsync(SlurmCommands.StatusByName($"pilot-{_queue}"), CancellationToken.None));
                mostAtOnce = Math.Max(mostAtOnce, inSlurm.Count(s => !s.IsFinished));
                var views = await Task.WhenAll(jobs.Select(job => server.Api.GetJobAsync(job.Id)));
                return views.All(view => view.State == JobState.Succeeded);
            },
            done => done,
            3 * Minute,
            "the provisioned pilots to drain the queue");
        var provisioned = await Eventually.UntilAsync(
            () => server.Api.ListProvisionedAsync(),
            list => list.All(p => p.State == "finished"),
            Minute,
            "the pilots to leave when idle");

        Assert.That(mostAtOnce, Is.EqualTo(Cap), "pilot jobs pending or running at once");
        Assert.That(provisioned, Has.Count.EqualTo(Cap), "no pilot submitted beyond what the queue needed");
        Assert.That(provisioned.Select(p => p.PilotId), Has.None.Null, "each pilot job registered");
        Assert.That(provisioned.Select(p => p.SlurmState), Has.All.EqualTo("COMPLETED"));
    }

    [Test]
    public async Task IdlePilotServingAnotherQueue_DoesNotCountAsRoomForThisOne()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await StartServerAsync(directory);
        await server.Api.RegisterAsync(new PilotRegistration
        {
            Hostname = "gpu-node",
            Resources = new ResourceSet { Cores = 64, MemoryMb = 256_000 },
            Runtimes = ["process"],
            Queues = ["gpu-only"],
        });
        var job = await server.Api.SubmitAsync(new JobSpec { Name = "needs-a-pilot", Command = ["true"], Queue = _queue, Resources = new ResourceRequest { Walltime = Minute } });

        var provisioned = await Eventually.UntilAsync(() => server.Api.ListProvisionedAsync(), list => list.Count > 0, Minute, "a pilot job for the queue");
        var done = await Eventually.UntilAsync(() => server.Api.GetJobAsync(job.Id), view => view.State == JobState.Succeeded, 2 * Minute, "the provisioned pilot to run the job");

        Assert.That(provisioned[0].Queue, Is.EqualTo(_queue));
        Assert.That(done.State, Is.EqualTo(JobState.Succeeded));
    }

    [Test]
    public async Task NodeAPilotJudgedBroken_NewPilotJobsExcludeIt()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await StartServerAsync(directory);
        var node = Environment.MachineName.Split('.')[0];
        var broken = await server.Api.RegisterAsync(new PilotRegistration
        {
            Hostname = node,
            Resources = new ResourceSet { Cores = 1, MemoryMb = 1000 },
            Runtimes = ["process"],
            Queues = ["elsewhere"],
        });
        await server.Api.DeregisterAsync(broken.PilotId, "5 payloads in a row failed within 10 s; this node looks broken", nodeBroken: true);
        await server.Api.SubmitAsync(new JobSpec { Name = "avoids-the-node", Command = ["true"], Queue = _queue, Resources = new ResourceRequest { Walltime = Minute } });

        var provisioned = await Eventually.UntilAsync(() => server.Api.ListProvisionedAsync(), list => list.Count > 0, Minute, "a pilot job for the queue");

        // This Slurm has one node: excluding it leaves nothing, which sbatch refuses in its own words.
        Assert.That(provisioned[0].State, Is.EqualTo("failed"), provisioned[0].Reason);
        Assert.That(provisioned[0].Reason, Does.Contain("node configuration is not available"));
    }

    [Test]
    public async Task SbatchRejectsTheQueuesPartition_ReportedWithSlurmsWords_JobsStayQueued()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await StartServerAsync(directory, ("Partition", "no-such-partition"));
        var job = await server.Api.SubmitAsync(new JobSpec { Name = "waits", Command = ["true"], Queue = _queue, Resources = new ResourceRequest { Walltime = Minute } });

        var provisioned = await Eventually.UntilAsync(() => server.Api.ListProvisionedAsync(), list => list.Count > 0, Minute, "the refused pilot job to be reported");

        Assert.That(provisioned.Single().State, Is.EqualTo("failed"));
        Assert.That(provisioned.Single().BatchJobId, Is.Null);
        Assert.That(provisioned.Single().Reason, Does.Contain("Invalid partition"));
        Assert.That((await server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Queued), "nothing lost: the job waits for a pilot");

        await using var cli = PilotProcess.Start(server.CliArguments("pilots", "--provisioned", "--output", "json"));
        Assert.That(await cli.WaitForExitAsync(Minute), Is.Zero);
        Assert.That(cli.Output, Does.Contain("\"state\": \"failed\"").And.Contain("Invalid partition"));
    }

    [Test]
    public async Task PilotJobThatDiesWithoutRegistering_ReportedWithItsSlurmStateAndReason()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await StartServerAsync(directory, ("PilotCommand", "/nonexistent/pilot"));
        await server.Api.SubmitAsync(new JobSpec { Name = "waits", Command = ["true"], Queue = _queue, Resources = new ResourceRequest { Walltime = Minute } });

        var provisioned = await Eventually.UntilAsync(() => server.Api.ListProvisionedAsync(), list => list.Count > 0 && list.All(p => p.State == "failed"), Minute, "the broken pilot job to fail");

        Assert.That(provisioned[0].SlurmState, Is.EqualTo("FAILED"));
        Assert.That(provisioned[0].Reason, Does.Contain("ended without registering"));
        Assert.That(provisioned[0].PilotId, Is.Null);

        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.That(await server.Api.ListProvisionedAsync(), Has.Count.EqualTo(provisioned.Count), "the queue backs off instead of submitting pilot jobs that die the same way");
    }

    private async Task<PilotServerProcess> StartServerAsync(TemporaryDirectory directory, params (string Key, string Value)[] overrides)
    {
        var port = Ports.Free();
        var tokenFile = directory.Sub("pilot.token");
        const string Queue = "Pilot__Provisioner__Queues__0__";
        var environment = new Dictionary<string, string>
        {
            ["Pilot__Provisioner__Interval"] = "00:00:02",
            [Queue + "Queue"] = _queue,
            [Queue + "MaxPilots"] = Cap.ToString(),
            [Queue + "Time"] = "00:05:00",
            [Queue + "Cores"] = "2",
            [Queue + "MemoryMb"] = "1000",
            [Queue + "SignalLead"] = "00:00:30",
            [Queue + "ServerUrl"] = $"http://127.0.0.1:{port}",
            [Queue + "TokenFile"] = tokenFile,
            [Queue + "PilotCommand"] = $"{Executables.Dotnet} {Executables.PilotDll}",
            [Queue + "Output"] = directory.Sub("pilot-%j.out"),
            [Queue + "AgentArguments__0"] = "--idle-timeout=5s",
            [Queue + "AgentArguments__1"] = "--grace=2s",
            [Queue + "AgentArguments__2"] = "--lease-wait=2s",
            [Queue + "AgentArguments__3"] = "--heartbeat-interval=1s",
        };
        foreach (var (key, value) in overrides)
        {
            environment[Queue + key] = value;
        }

        var server = await PilotServerProcess.StartAsync(directory.Sub("data"), port: port, environment: environment);
        await File.WriteAllTextAsync(tokenFile, server.PilotToken);
        return server;
    }
}
