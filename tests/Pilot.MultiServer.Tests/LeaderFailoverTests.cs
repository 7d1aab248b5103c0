using System.Diagnostics;
using Pilot.Contracts;
using Pilot.Slurm;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>The lease reaper and the provisioner run on one server; when it dies another takes them over within the lease time.</summary>
[TestFixture]
[Category("E2E")]
public sealed class LeaderFailoverTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task LeaderKilled_AnotherServerReapsAnAbandonedLeaseWithinTheLeaseTime()
    {
        await using var cluster = await ServerCluster.StartAsync(3, "10s");
        var leader = await cluster.LeaderAsync(Minute);
        var survivor = cluster.Servers.First(s => s != leader);
        var job = await survivor.Api.SubmitAsync(new JobSpec { Name = "abandoned", Command = ["true"], Resources = new ResourceRequest { Walltime = Minute } });
        var pilot = await survivor.Api.RegisterAsync(new PilotRegistration { Hostname = "vanishing", Resources = new ResourceSet { Cores = 1, MemoryMb = 1000 }, Runtimes = ["process"] });
        var lease = (await survivor.Api.LeaseAsync(pilot.PilotId, new LeaseRequest { Free = new ResourceSet { Cores = 1, MemoryMb = 1000 }, MaxJobs = 1 })).Jobs.Single();

        var killed = Stopwatch.StartNew();
        await leader.StopAsync(9);
        var next = await cluster.LeaderAsync(Ttl);
        var takeover = killed.Elapsed;
        var requeued = await Eventually.UntilAsync(() => Retrying.CallAsync(() => cluster.Api.GetJobAsync(job.Id)), view => view.State == JobState.Queued, Ttl + TimeSpan.FromSeconds(10), "the new leader to requeue the job");

        Assert.That(next, Is.Not.SameAs(leader));
        Assert.That(takeover, Is.LessThan(Ttl), "time from the leader's death to a new leader");
        Assert.That(requeued.Attempts, Is.EqualTo(lease.Attempt), "requeued after its one abandoned attempt");
        Assert.That(killed.Elapsed, Is.LessThan(Ttl + TimeSpan.FromSeconds(5)), "the abandoned lease expired on time although the server watching it died");
    }

    [Test]
    [Category("Slurm")]
    public async Task LeaderKilledWhileProvisioning_TwentyQueuedJobsAndACapOfThree_ExactlyThreePilotJobsAcrossTheFailover()
    {
        Requirements.Command("sbatch", "scripts/install-deps.sh installs slurm-wlm; scripts/services/slurm.sh starts it");
        var queue = $"ms-{Guid.NewGuid():N}"[..12];
        var slurm = new SlurmCli();
        try
        {
            await using var cluster = await ServerCluster.StartAsync(3, "10s", ProvisionerSettings(queue, Path.GetTempPath()));
            await File.WriteAllTextAsync(TokenFile(queue), cluster.Servers[0].PilotToken);
            var leader = await cluster.LeaderAsync(Minute);
            var jobs = new List<JobView>();
            for (var i = 0; i < 20; i++)
            {
                jobs.Add(await cluster.Api.SubmitAsync(new JobSpec { Name = $"work-{i}", Command = ["sleep", "2"], Queue = queue, Resources = new ResourceRequest { Walltime = Minute } }));
            }

            var seen = new HashSet<string>();
            var mostAtOnce = 0;
            async Task<bool> WatchAsync(Func<Task<bool>> done)
            {
                var inSlurm = SlurmJobStatus.ParseAll(await slurm.RunAsync(SlurmCommands.StatusByName($"pilot-{queue}"), CancellationToken.None));
                seen.UnionWith(inSlurm.Select(s => s.JobId));
                mostAtOnce = Math.Max(mostAtOnce, inSlurm.Count(s => !s.IsFinished));
                return await done();
            }

            await Eventually.UntilAsync(() => WatchAsync(() => Task.FromResult(seen.Count > 0)), done => done, Minute, "the leader to submit a pilot job");
            await leader.StopAsync(9);
            var next = await cluster.LeaderAsync(Ttl);
            await Eventually.UntilAsync(
                () => WatchAsync(async () => (await Task.WhenAll(jobs.Select(job => Retrying.CallAsync(() => cluster.Api.GetJobAsync(job.Id))))).All(view => view.State == JobState.Succeeded)),
                done => done,
                4 * Minute,
                "the provisioned pilots to drain the queue");
            await Task.Delay(TimeSpan.FromSeconds(6));
            await WatchAsync(() => Task.FromResult(true));

            static string Listed(IReadOnlyList<ProvisionedPilotView> list) => string.Join(",", list.Select(p => $"{p.BatchJobId}:{p.State}"));
            // The leader publishes what it watches in Slurm now and then: a follower's list catches up with the leader's.
            async Task<(IReadOnlyList<ProvisionedPilotView> Leaders, string[] Followers)> ListsAsync() =>
                (await next.Api.ListProvisionedAsync(),
                 (await Task.WhenAll(cluster.Servers.Where(s => s != next && !s.Process.HasExited).Select(s => s.Api.ListProvisionedAsync()))).Select(Listed).ToArray());
            var (leaders, followers) = await Eventually.UntilAsync(
                ListsAsync, lists => lists.Followers.All(f => f == Listed(lists.Leaders)), TimeSpan.FromSeconds(30), "a follower to list the leader's pilot jobs");

            Assert.That(next, Is.Not.SameAs(leader));
            Assert.That(seen, Has.Count.EqualTo(3), "pilot jobs submitted, before and after the failover");
            Assert.That(mostAtOnce, Is.LessThanOrEqualTo(3), "pilot jobs pending or running at once");
            Assert.That(leaders.Select(p => p.BatchJobId), Is.Not.Empty.And.SubsetOf(seen), "the new leader's pilot jobs");
            Assert.That(followers, Is.All.EqualTo(Listed(leaders)), "a follower lists the leader's pilot jobs");
        }
        finally
        {
            await slurm.RunAsync(SlurmCommands.CancelByName($"pilot-{queue}"), CancellationToken.None);
        }
    }

    private static string TokenFile(string queue) => Path.Combine(Path.GetTempPath(), $"{queue}.token");

    /// <summary>The provisioner's queue as every server reads it, the same as in the single-server provisioner tests.</summary>
    private static Dictionary<string, string> ProvisionerSettings(string queue, string outputDirectory)
    {
        const string Queue = "Pilot__Provisioner__Queues__0__";
        return new Dictionary<string, string>
        {
            ["Pilot__Provisioner__Interval"] = "00:00:02",
            [Queue + "Queue"] = queue,
            [Queue + "MaxPilots"] = "3",
            [Queue + "Time"] = "00:05:00",
            [Queue + "Cores"] = "2",
            [Queue + "MemoryMb"] = "1000",
            [Queue + "SignalLead"] = "00:00:30",
            [Queue + "ServerUrl"] = ServerCluster.BalancerUrl,
            [Queue + "TokenFile"] = TokenFile(queue),
            [Queue + "PilotCommand"] = $"{Executables.Dotnet} {Executables.PilotDll}",
            [Queue + "Output"] = Path.Combine(outputDirectory, $"{queue}-%j.out"),
            [Queue + "AgentArguments__0"] = "--idle-timeout=5s",
            [Queue + "AgentArguments__1"] = "--grace=2s",
            [Queue + "AgentArguments__2"] = "--lease-wait=2s",
            [Queue + "AgentArguments__3"] = "--heartbeat-interval=1s",
        };
    }
}
