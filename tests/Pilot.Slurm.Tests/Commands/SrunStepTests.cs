using Pilot.Slurm.Steps;

namespace Pilot.Slurm.Tests.Commands;

[TestFixture]
public sealed class SrunStepTests
{
    [Test]
    public void Wrap_MultiNode_PinsTheReservedNodesExclusively()
    {
        var step = new SrunStep { NodeNames = ["node01", "node02"], Tasks = 8, CoresPerTask = 2, MemoryMbPerNode = 4000, Name = "pilot-job-7" };

        var command = step.Wrap("mpirun-app", ["--steps", "10"]);

        Assert.That(command.ToString(), Is.EqualTo(
            "srun --nodes=2 --ntasks=8 --cpus-per-task=2 --nodelist=node01,node02 --exclusive --kill-on-bad-exit=1 --ntasks-per-node=4 --mem=4000M --job-name=pilot-job-7 -- mpirun-app --steps 10"));
    }

    [Test]
    public void Wrap_Overlap_SharesCpusAndLeavesMemoryToSlurm()
    {
        var step = new SrunStep { NodeNames = ["vm"], Overlap = true };

        var command = step.Wrap("hostname", []);

        Assert.That(command.ToString(), Is.EqualTo("srun --nodes=1 --ntasks=1 --cpus-per-task=1 --nodelist=vm --overlap --kill-on-bad-exit=1 -- hostname"));
    }

    [Test]
    public void Wrap_GpusPerNode_AsksSlurmToBindThem()
    {
        var step = new SrunStep { NodeNames = ["gpu01", "gpu02"], Tasks = 2, CoresPerTask = 8, GpusPerNode = 4 };

        var command = step.Wrap("train", []);

        Assert.That(command.Arguments, Does.Contain("--gpus-per-node=4").And.Contain("--ntasks-per-node=1"));
    }
}
