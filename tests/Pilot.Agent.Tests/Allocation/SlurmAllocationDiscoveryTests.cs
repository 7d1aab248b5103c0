using Pilot.Agent.Allocation;
using Pilot.Slurm;

namespace Pilot.Agent.Tests.Allocation;

[TestFixture]
public sealed class SlurmAllocationDiscoveryTests
{
    private const string NvidiaSmiOutput =
        "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-4a2b1c3d-0000-1111-2222-333344445555)\n" +
        "GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-5b3c2d4e-0000-1111-2222-333344445555)";

    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static Dictionary<string, string?> SingleNodeJob() => new()
    {
        ["SLURM_JOB_ID"] = "42",
        ["SLURM_JOB_NODELIST"] = "vm",
        ["SLURM_JOB_NUM_NODES"] = "1",
        ["SLURM_CPUS_ON_NODE"] = "4",
        ["SLURM_JOB_CPUS_PER_NODE"] = "4",
        ["SLURM_MEM_PER_NODE"] = "1000",
    };

    private static SlurmAllocationDiscovery CreateSut(SlurmBin bin, Dictionary<string, string?> environment, LogLines<SlurmAllocationDiscovery>? log = null)
    {
        environment.TryAdd("PATH", bin.Path);
        return new SlurmAllocationDiscovery(new SlurmCli(bin.Path), name => environment.GetValueOrDefault(name), Utc, log ?? new LogLines<SlurmAllocationDiscovery>());
    }

    [Test]
    public async Task DiscoverAsync_SingleNodeJob_ReportsJobCoresMemoryAndEndTime()
    {
        using var bin = new SlurmBin().With("scontrol", "vm").With("squeue", "2026-11-23T10:15:50");

        var allocation = await CreateSut(bin, SingleNodeJob()).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.BatchJobId, Is.EqualTo("42"));
        Assert.That(allocation.Source, Is.EqualTo("slurm"));
        Assert.That(allocation.NodeNames, Is.EqualTo(new[] { "vm" }));
        Assert.That(allocation.Resources.Cores, Is.EqualTo(4));
        Assert.That(allocation.Resources.MemoryMb, Is.LessThanOrEqualTo(1000).And.GreaterThan(0));
        Assert.That(allocation.WalltimeEnd, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 10, 15, 50, TimeSpan.Zero)));
    }

    [Test]
    public async Task DiscoverAsync_MultiNodeJob_SumsCoresPerNodeAndMemoryPerNode()
    {
        using var bin = new SlurmBin().With("scontrol", "node01\nnode02").With("squeue", "NONE");
        var environment = SingleNodeJob();
        environment["SLURM_JOB_NODELIST"] = "node[01-02]";
        environment["SLURM_JOB_NUM_NODES"] = "2";
        environment["SLURM_JOB_CPUS_PER_NODE"] = "4(x2)";
        environment["SLURM_MEM_PER_NODE"] = null;
        environment["SLURM_MEM_PER_CPU"] = "100";

        var allocation = await CreateSut(bin, environment).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.NodeNames, Is.EqualTo(new[] { "node01", "node02" }));
        Assert.That(allocation.Resources.Nodes, Is.EqualTo(2));
        Assert.That(allocation.Resources.Cores, Is.EqualTo(8));
        Assert.That(allocation.CoresPerNode, Is.EqualTo(new[] { 4, 4 }));
        Assert.That(allocation.Resources.MemoryMb, Is.EqualTo(800));
        Assert.That(allocation.WalltimeEnd, Is.Null, "squeue's NONE means no time limit");
    }

    [Test]
    public async Task DiscoverAsync_NodesWithDifferentCores_KeepsEachNodesCount()
    {
        using var bin = new SlurmBin().With("scontrol", "node01\nnode02\nnode03").With("squeue", "NONE");
        var environment = SingleNodeJob();
        environment["SLURM_JOB_NODELIST"] = "node[01-03]";
        environment["SLURM_JOB_NUM_NODES"] = "3";
        environment["SLURM_JOB_CPUS_PER_NODE"] = "8(x2),4";

        var allocation = await CreateSut(bin, environment).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.CoresPerNode, Is.EqualTo(new[] { 8, 8, 4 }));
        Assert.That(allocation.Resources.Cores, Is.EqualTo(20));
    }

    [Test]
    public async Task DiscoverAsync_SqueueFailing_NoDeadlineAndSaysWhy()
    {
        using var bin = new SlurmBin().With("scontrol", "vm").With("squeue", "", 1, "slurm_load_jobs error: Unable to contact slurm controller");
        var log = new LogLines<SlurmAllocationDiscovery>();

        var allocation = await CreateSut(bin, SingleNodeJob(), log).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.WalltimeEnd, Is.Null);
        Assert.That(log.Lines, Has.Some.Contains("Unable to contact slurm controller").And.Contains("--walltime"));
    }

    [Test]
    public async Task DiscoverAsync_SlurmCommandsMissing_FallsBackToOwnParserAndSaysWhy()
    {
        using var bin = new SlurmBin();
        var environment = SingleNodeJob();
        environment["SLURM_JOB_NODELIST"] = "n[1-3]";
        var log = new LogLines<SlurmAllocationDiscovery>();

        var allocation = await CreateSut(bin, environment, log).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.NodeNames, Is.EqualTo(new[] { "n1", "n2", "n3" }));
        Assert.That(allocation.WalltimeEnd, Is.Null);
        Assert.That(log.Lines, Has.Some.Contains("'squeue' is not installed"));
        Assert.That(log.Lines, Has.Some.Contains("'scontrol' is not installed"));
    }

    [Test]
    public async Task DiscoverAsync_MalformedNodeList_UsesThisNodeAndNamesTheList()
    {
        using var bin = new SlurmBin().With("scontrol", "node]").With("squeue", "NONE");
        var environment = SingleNodeJob();
        environment["SLURM_JOB_NODELIST"] = "node[01-03";
        var log = new LogLines<SlurmAllocationDiscovery>();

        var allocation = await CreateSut(bin, environment, log).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.NodeNames, Is.EqualTo(new[] { Environment.MachineName }));
        Assert.That(log.Lines, Has.Some.Contains("node[01-03"));
    }

    [Test]
    public async Task DiscoverAsync_SlurmJobGpus_AreTheGpuIds()
    {
        using var bin = new SlurmBin().With("scontrol", "vm").With("squeue", "NONE");
        var environment = SingleNodeJob();
        environment["SLURM_JOB_GPUS"] = "2,3";

        var allocation = await CreateSut(bin, environment).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.GpuIds, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(allocation.Resources.Gpus, Is.EqualTo(2));
    }

    [Test]
    public async Task DiscoverAsync_OnlyNvidiaSmi_ListsItsGpus()
    {
        using var bin = new SlurmBin().With("scontrol", "vm").With("squeue", "NONE").With("nvidia-smi", NvidiaSmiOutput);
        var environment = SingleNodeJob();
        environment["CUDA_VISIBLE_DEVICES"] = "GPU-4a2b1c3d-0000-1111-2222-333344445555";

        var allocation = await CreateSut(bin, environment).DiscoverAsync(CancellationToken.None);

        Assert.That(allocation.GpuIds, Is.EqualTo(new[] { 0, 1 }));
    }

    [TestCase("4294967296\n", 4096L)]
    [TestCase("max\n", null)]
    [TestCase("9223372036854771712\n", null)]
    public void CgroupMemory_Parse_LimitOrNone(string text, long? megabytes) =>
        Assert.That(CgroupMemory.Parse(text), Is.EqualTo(megabytes));
}
