using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

[TestFixture]
[Category("MultiNode")]
public sealed class NodeEvictionTests
{
    private static readonly TimeSpan Minute = TestBed.Minute;

    [Test]
    public async Task SiteSignal_ThreeNodePayloadAndSingleNodeOnes_AllEvictedAndRequeued_NothingLeftOnAnyNode()
    {
        await using var bed = await TestBed.StartAsync();
        var marker = $"evict-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker };
        var jobs = await bed.SubmitAsync(
        [
            new JobSpec
            {
                Name = "wide",
                Command = bed.Slurm.SharedPayload("sleep", "300"),
                Environment = environment,
                Resources = new ResourceRequest { Nodes = 3, Tasks = 3, Cores = 1, Walltime = 3 * Minute },
            },
            .. Enumerable.Range(0, 3).Select(i => new JobSpec
            {
                Name = $"single-{i}",
                Command = ["sh", "-c", "sleep 300"],
                Environment = environment,
                Resources = new ResourceRequest { Cores = 1, Walltime = 3 * Minute },
            }),
        ]);

        var batchJob = await bed.SubmitPilotAsync(cores: 2);
        await bed.UntilAsync(jobs, view => view.State == JobState.Running, "the 3-node payload and the three single-node ones to run");
        var before = await Eventually.UntilAsync(
            () => Task.FromResult(bed.Slurm.Cluster.ProcessesByNode(marker)),
            nodes => bed.Slurm.Cluster.Nodes.All(nodes.ContainsKey),
            Minute,
            "payload processes on every node");
        var signalled = DateTimeOffset.UtcNow;
        await bed.Slurm.SignalAsync(batchJob, "USR1");
        var clean = await Eventually.UntilAsync(() => Task.FromResult(bed.Slurm.Cluster.ProcessesByNode(marker)), nodes => nodes.Count == 0, Minute, "every node to be clean");
        var cleanAt = DateTimeOffset.UtcNow;
        var evicted = await bed.UntilAsync(jobs, view => view.LastOutcome == AttemptOutcome.Evicted, "every payload to be reported evicted");
        var reportedAt = DateTimeOffset.UtcNow;
        var ended = await bed.Slurm.WaitUntilFinishedAsync(batchJob, Minute);

        Assert.That(before.Keys, Is.SupersetOf(bed.Slurm.Cluster.Nodes), "the payloads ran on all three nodes");
        Assert.That(clean, Is.Empty, "no process of any payload is left on any node");
        Assert.That(evicted.Select(view => view.State), Has.All.EqualTo(JobState.Queued), "evicted jobs go back to the queue at once");
        Assert.That(ended.State, Is.EqualTo("COMPLETED"), "the pilot exits 0 before Slurm's kill");
        await TestContext.Out.WriteLineAsync(
            $"measured: signal to every node clean {(cleanAt - signalled).TotalSeconds:0.00} s, to all four reported evicted {(reportedAt - signalled).TotalSeconds:0.00} s (upper bounds, polled)");
    }
}
