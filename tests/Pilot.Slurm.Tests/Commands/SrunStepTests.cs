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

    [Test]
    public void Wrap_Mpi_AsksForThePlugin()
    {
        var step = new SrunStep { NodeNames = ["n1", "n2", "n3"], Tasks = 3, Mpi = "pmix" };

        var command = step.Wrap("python3", ["allreduce.py"]);

        Assert.That(command.Arguments, Does.Contain("--mpi=pmix"));
    }

    [Test]
    public void Wrap_Rendezvous_EachTaskMapsSlurmsRanksAndBecomesThePayloadWithItsWordsUntouched()
    {
        var step = new SrunStep { NodeNames = ["n1", "n2"], Tasks = 4, Rendezvous = new TaskRendezvous("n1", 29500) };
        string[] words = ["-c", "print('it''s $HOME; `x`')", "a b"];

        var command = step.Wrap("python3", words);

        var task = command.Arguments.SkipWhile(word => word != "--").Skip(1).ToList();
        Assert.That(task.Take(4), Is.EqualTo(new[] { "/bin/sh", "-c", TaskRendezvous.TaskScript, "pilot-task" }));
        Assert.That(task.Skip(4), Is.EqualTo((string[])["python3", .. words]), "the payload's words are arguments of the script, never parsed by the shell");
        Assert.That(step.Environment, Is.EqualTo(new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = "n1", ["MASTER_PORT"] = "29500", ["WORLD_SIZE"] = "4", ["LOCAL_WORLD_SIZE"] = "2",
        }));
    }

    [Test]
    public async Task TaskScript_RunByAShell_SetsTheRanksFromSlurmsVariables()
    {
        var stdout = new System.Text.StringBuilder();
        await CliWrap.Cli.Wrap("/bin/sh")
            .WithArguments(["-c", TaskRendezvous.TaskScript, "pilot-task", "sh", "-c", "echo \"$RANK $LOCAL_RANK $NODE_RANK $GROUP_RANK $1\"", "sh", "a'b $c"])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["SLURM_PROCID"] = "5", ["SLURM_LOCALID"] = "1", ["SLURM_NODEID"] = "2" })
            .WithStandardOutputPipe(CliWrap.PipeTarget.ToStringBuilder(stdout))
            .ExecuteAsync();

        Assert.That(stdout.ToString().Trim(), Is.EqualTo("5 1 2 2 a'b $c"));
    }

    [Test]
    public void On_ThisNode_PicksAPortTheKernelCallsFree()
    {
        var rendezvous = TaskRendezvous.On("n1", isThisNode: true, new Random(1));

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, rendezvous.MasterPort);
        Assert.DoesNotThrow(listener.Start);
        Assert.That(TaskRendezvous.On("n2", isThisNode: false, new Random(1)).MasterPort, Is.InRange(20000, 32767), "below the ephemeral range on another node");
    }
}
