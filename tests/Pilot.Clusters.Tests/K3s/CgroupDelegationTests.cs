using Pilot.Runtimes.Clusters.K3s;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.K3s;

[TestFixture]
public sealed class CgroupDelegationTests
{
    private TemporaryDirectory _root = null!;

    [SetUp]
    public void CreateRoot() => _root = new TemporaryDirectory();

    [TearDown]
    public void DeleteRoot() => _root.Dispose();

    [Test]
    public void ProblemForRootless_CgroupV1Only_SaysV2IsNeededAndWhatTheSiteCanDo()
    {
        var problem = Check("4:memory:/slurm/uid_1001/job_12\n1:cpu:/slurm\n");

        Assert.That(problem, Does.Contain("needs cgroup v2").And.Contain("CgroupPlugin=cgroup/v2").And.Contain("run the pilot as root"));
    }

    [Test]
    public void ProblemForRootless_HybridWithoutDelegatedControllers_NamesTheMissingOnes()
    {
        Write("unified/system.slice/slurmstepd.scope/job_12/cgroup.controllers", "");

        var problem = Check("4:memory:/slurm\n0::/system.slice/slurmstepd.scope/job_12\n");

        Assert.That(problem, Does.Contain("cpu, memory, pids are not").And.Contain("available: none").And.Contain("/system.slice/slurmstepd.scope/job_12").And.Contain("Delegate=yes"));
    }

    [Test]
    public void ProblemForRootless_V2WithoutCpu_NamesCpu()
    {
        Write("cgroup.controllers", "cpuset cpu io memory pids");
        Write("user.slice/job_12/cgroup.controllers", "memory pids");

        var problem = Check("0::/user.slice/job_12\n");

        Assert.That(problem, Does.Contain("but cpu is not (available: memory pids)"));
    }

    [Test]
    public void ProblemForRootless_V2WithDelegatedControllers_IsNone()
    {
        Write("cgroup.controllers", "cpuset cpu io memory pids");
        Write("user.slice/job_12/cgroup.controllers", "cpuset cpu io memory pids\n");

        Assert.That(Check("0::/user.slice/job_12\n"), Is.Null);
    }

    [Test]
    public void ProblemForRootless_ThisMachine_AnswersFromTheRealFiles()
    {
        // The real /proc and /sys of this node: hybrid cgroups here, so rootless k3s is refused with a reason.
        var problem = CgroupDelegation.ProblemForRootless();

        Assert.That(problem, Is.Null.Or.Contain("rootless k3s needs"));
    }

    private string? Check(string procSelfCgroup)
    {
        var file = _root.Sub("proc-self-cgroup");
        File.WriteAllText(file, procSelfCgroup);
        return CgroupDelegation.ProblemForRootless(file, _root.Sub("sys-fs-cgroup"));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root.Sub("sys-fs-cgroup"), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
