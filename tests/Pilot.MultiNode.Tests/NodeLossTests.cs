using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

/// <summary>A node of a pilot dies under a payload: its daemons and every process on it are killed.</summary>
[TestFixture]
[Category("MultiNode")]
public sealed class NodeLossTests
{
    private const string LostNode = "pn3";
    private static readonly TimeSpan Minute = TestBed.Minute;

    [TearDown]
    public Task BringTheNodeBack() => SlurmClusterScript.StartAsync();

    [Test]
    public async Task NodeKilledMidPayload_AttemptRequeuedAsPilotLost_CompletesOnAnotherPilot_AndThePilotGoesOnWithItsOtherNodes()
    {
        await using var bed = await TestBed.StartAsync();
        var marker = $"lost-{Guid.NewGuid():N}";
        var wide = (await bed.SubmitAsync(new JobSpec
        {
            Name = "wide",
            // The first attempt runs until its node is lost; the next one finishes at once.
            Command = ["sh", "-c", "if [ \"$PILOT_ATTEMPT\" = 1 ]; then sleep 300; fi; hostname"],
            Environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker },
            Resources = new ResourceRequest { Nodes = 3, Cores = 1, Walltime = 3 * Minute },
        })).Single();

        var first = await bed.SubmitPilotAsync(cores: 1);
        await Eventually.UntilAsync(() => bed.Slurm.Cluster.ProcessesByNode(marker).ContainsKey(LostNode), 2 * Minute, "the payload to run on pn3");
        var killed = SlurmCluster.KillNode(LostNode);
        var requeued = (await bed.UntilAsync([wide], view => view.Attempts == 1 && view.State == JobState.Queued, "the attempt to end and the job to be requeued", 2 * Minute)).Single();
        var firstPilot = await bed.PilotWhenAsync(first, pilot => pilot is { LostNodes.Count: > 0, RunningJobs: 0 }, "the pilot to say it lost the node");

        await SlurmClusterScript.StartAsync();
        var single = (await bed.SubmitAsync(new JobSpec { Name = "after", Command = ["hostname"], Resources = new ResourceRequest { Cores = 1, Walltime = Minute } })).Single();
        var singleDone = (await bed.UntilAsync([single], view => view.State == JobState.Succeeded, "the pilot to go on with a single-node job")).Single();
        var second = await bed.SubmitPilotAsync(cores: 1, "--idle-timeout", "5s");
        var done = (await bed.UntilAsync([wide], view => view.State == JobState.Succeeded, "the requeued job to complete on another pilot", 3 * Minute)).Single();
        var attempts = await bed.Api.GetAttemptsAsync(wide.Id);

        Assert.That(killed, Is.GreaterThan(0), "slurmd and the payload's processes on pn3 were killed");
        Assert.That(requeued.LastOutcome, Is.EqualTo(AttemptOutcome.PilotLost), requeued.Reason);
        Assert.That(requeued.Reason, Does.Contain(LostNode));
        Assert.That(firstPilot.LostNodes, Is.EqualTo(new[] { LostNode }), "its heartbeats name the lost node");
        Assert.That(firstPilot.Free, Is.EqualTo(new ResourceSet { Cores = 2, MemoryMb = 4000, Nodes = 2 }), "it offers only the nodes it still has");
        Assert.That(firstPilot.State, Is.EqualTo("active"), "the pilot keeps serving");
        Assert.That(singleDone.PilotId, Is.EqualTo(firstPilot.Id), "the first pilot ran the next job on a node it still has");
        Assert.That(singleDone.LogTail, Does.Not.Contain(LostNode));
        Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.PilotLost, AttemptOutcome.Succeeded }));
        Assert.That(done.PilotId, Is.EqualTo((await bed.PilotOfAsync(second)).Id), "the second pilot finished it");
        Assert.That(bed.Slurm.Cluster.ProcessesByNode(marker), Is.Empty);
    }
}
