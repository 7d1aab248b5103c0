using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

[TestFixture]
[Category("MultiNode")]
public sealed class ThreeNodePilotTests
{
    private static readonly TimeSpan Minute = TestBed.Minute;

    [Test]
    public async Task ThreeNodePilot_SingleNodeJobsFillEveryNode_ThenASixTaskJobRunsTwoTasksPerNode()
    {
        await using var bed = await TestBed.StartAsync();
        var singles = await bed.SubmitAsync([.. Enumerable.Range(0, 6).Select(i => Single($"single-{i}", "hostname; sleep 6"))]);

        var submitted = DateTimeOffset.UtcNow;
        var batchJob = await bed.SubmitPilotAsync(cores: 2, "--idle-timeout", "5s");
        await bed.UntilAsync(singles, view => view.State == JobState.Running, "six 1-core jobs to run at once on 3 nodes of 2 cores", 2 * Minute);
        var full = await bed.PilotWhenAsync(batchJob, pilot => pilot is { RunningJobs: 6, Free.Cores: 0 }, "the pilot to report six jobs running and no core free");
        var sixTasks = (await bed.SubmitAsync(new JobSpec
        {
            Name = "six-tasks",
            Command = ["sh", "-c", "echo \"rank $SLURM_PROCID on $(hostname)\""],
            Resources = new ResourceRequest { Nodes = 3, Tasks = 6, Cores = 2, Walltime = Minute },
        })).Single();
        var singlesDone = await bed.UntilAsync(singles, view => view.State == JobState.Succeeded, "the single-node jobs to succeed");
        var done = await bed.UntilAsync([sixTasks], view => view.State is JobState.Succeeded or JobState.Failed, "the six-task job to end");
        var log = await bed.LogAsync(sixTasks);

        Assert.That(full.Resources.Cores, Is.EqualTo(6), "3 nodes of 2 cores");
        Assert.That(singlesDone.Select(view => view.LogTail!.Trim().Split('\n')[^1]).Order(), Is.EqualTo(new[] { "pn1", "pn1", "pn2", "pn2", "pn3", "pn3" }), "two 1-core jobs on each node");
        Assert.That(done.Single().State, Is.EqualTo(JobState.Succeeded), log);
        var ranks = log.Split('\n').Where(line => line.StartsWith("rank ", StringComparison.Ordinal)).Select(line => line.Split(' ')).ToList();
        Assert.That(ranks.Select(words => int.Parse(words[1])).Order(), Is.EqualTo(Enumerable.Range(0, 6)), log);
        Assert.That(ranks.GroupBy(words => words[3]).ToDictionary(host => host.Key, host => host.Count()), Is.EqualTo(new Dictionary<string, int> { ["pn1"] = 2, ["pn2"] = 2, ["pn3"] = 2 }), log);
        await TestContext.Out.WriteLineAsync($"measured: sbatch to six payloads running on 3 nodes within {(singlesDone.Min(v => v.StartedAt!.Value) - submitted).TotalSeconds:0.0} s");
    }

    [Test]
    public async Task MultiNodeAndSingleNodeJobsTogether_FillTheNodesExactly_AndTheBooksComeBackWhole()
    {
        await using var bed = await TestBed.StartAsync();
        var wide = (await bed.SubmitAsync(new JobSpec
        {
            Name = "three-nodes",
            Command = ["sh", "-c", "sleep 8; echo \"task $SLURM_PROCID on $(hostname)\""],
            Resources = new ResourceRequest { Nodes = 3, Cores = 1, Walltime = Minute },
        })).Single();
        var singles = await bed.SubmitAsync([.. Enumerable.Range(0, 3).Select(i => Single($"single-{i}", "hostname; sleep 8"))]);
        var waiting = (await bed.SubmitAsync(Single("one-more", "hostname"))).Single();

        var batchJob = await bed.SubmitPilotAsync(cores: 2, "--idle-timeout", "5s");
        await bed.UntilAsync([wide, .. singles], view => view.State == JobState.Running, "a 3-node job and three 1-core jobs to run at once");
        var full = await bed.PilotWhenAsync(batchJob, pilot => pilot is { RunningJobs: 4, Free.Cores: 0 }, "the pilot to report four jobs running and no core free");
        var queuedWhileFull = await bed.Api.GetJobAsync(waiting.Id);
        await bed.UntilAsync([wide, waiting, .. singles], view => view.State == JobState.Succeeded, "every job to succeed");
        var idle = await bed.PilotWhenAsync(batchJob, pilot => pilot.RunningJobs == 0 && pilot.Free == pilot.Resources, "every share given back on every node");

        Assert.That(full.Free!.Nodes, Is.Zero, "1 core per node for the 3-node job and 1 per node for the single-node ones");
        Assert.That(queuedWhileFull.State, Is.EqualTo(JobState.Queued), "no core was left for a seventh one");
        Assert.That(idle.Free, Is.EqualTo(new ResourceSet { Cores = 6, MemoryMb = 6000, Nodes = 3 }));
    }

    private static JobSpec Single(string name, string script) => new()
    {
        Name = name,
        Command = ["sh", "-c", script],
        Resources = new ResourceRequest { Cores = 1, Walltime = Minute },
    };
}
