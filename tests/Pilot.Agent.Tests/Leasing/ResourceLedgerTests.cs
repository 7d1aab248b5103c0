using Pilot.Agent.Allocation;
using Pilot.Agent.Leasing;
using Pilot.Contracts;

namespace Pilot.Agent.Tests.Leasing;

[TestFixture]
public sealed class ResourceLedgerTests
{
    private static readonly ResourceSet TwoNodes = new() { Cores = 9, MemoryMb = 16_000, Gpus = 2, Nodes = 2 };

    [Test]
    public void NewLedger_SplitsTheAllocationOverItsNodes_EachWithTheOwnNodesGpus()
    {
        var ledger = new ResourceLedger(["n1", "n2"], TwoNodes, [0, 1]);

        Assert.That(ledger.FreePerNode.Select(n => (n.Cores, n.MemoryMb, n.Gpus)), Is.EqualTo(new[] { (5, 8000L, 2), (4, 8000L, 2) }));
        Assert.That(ledger.Total, Is.EqualTo(new ResourceSet { Cores = 9, MemoryMb = 16_000, Gpus = 4, Nodes = 2 }));
    }

    [Test]
    public void Reserve_MultiNodeStepAndLocalJob_KeepPerNodeBookkeepingUntilReleased()
    {
        var ledger = new ResourceLedger(["n1", "n2"], TwoNodes, [0, 1]);
        var step = new ResourceRequest { Cores = 4, Nodes = 2, Tasks = 4, Gpus = 1 };
        var local = new ResourceRequest { Cores = 1, Gpus = 1 };

        var stepPlace = ledger.Reserve(step);
        var localPlace = ledger.Reserve(local);

        Assert.That(stepPlace.NodeNames, Is.EqualTo(new[] { "n1", "n2" }));
        Assert.That(stepPlace.Gpus, Is.EqualTo(new[] { 0 }), "the step holds one GPU of the pilot's own node");
        Assert.That(localPlace.OwnNodeOnly, Is.True);
        Assert.That(localPlace.Gpus, Is.EqualTo(new[] { 1 }));
        Assert.That(ledger.Free, Is.EqualTo(new ResourceSet { Cores = 0, MemoryMb = 16_000, Gpus = 1, Nodes = 0 }));
        Assert.That(() => ledger.Reserve(local), Throws.InvalidOperationException.With.Message.Contains("no 1 node(s)"));

        ledger.Release(step, stepPlace);
        ledger.Release(local, localPlace);

        Assert.That(ledger.Free, Is.EqualTo(ledger.Total));
    }

    [Test]
    public void NodesOwnFirst_PutsThisHostFirstUnderItsSlurmName_WithItsCores()
    {
        var allocation = new AllocationInfo { Hostname = "n2.cluster.example", NodeNames = ["n1", "n2", "n3"], CoresPerNode = [8, 4, 2], Resources = TwoNodes };

        Assert.That(allocation.NodesOwnFirst, Is.EqualTo(new[] { "n2", "n1", "n3" }));
        Assert.That(allocation.CoresPerNodeOwnFirst, Is.EqualTo(new[] { 4, 8, 2 }));
    }

    [Test]
    public void NewLedger_WithCoresPerNode_KeepsThemAndStillSplitsMemoryEvenly()
    {
        var ledger = new ResourceLedger(["n1", "n2"], TwoNodes, [], coresPerNode: [3, 6]);

        Assert.That(ledger.FreePerNode.Select(n => (n.Cores, n.MemoryMb)), Is.EqualTo(new[] { (3, 8000L), (6, 8000L) }));
        Assert.That(ledger.Reserve(new ResourceRequest { Cores = 5 }).NodeNames, Is.EqualTo(new[] { "n2" }), "only n2 has 5 cores");
    }
}
