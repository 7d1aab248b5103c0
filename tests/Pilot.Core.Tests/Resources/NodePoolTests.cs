using Pilot.Contracts;
using Pilot.Core.Resources;

namespace Pilot.Core.Tests.Resources;

[TestFixture]
public sealed class NodePoolTests
{
    private static ResourceSet Node(int cores, long memoryMb = 8000, int gpus = 0) => new() { Cores = cores, MemoryMb = memoryMb, Gpus = gpus };

    private static ResourceRequest Job(int cores, int nodes = 1, long memoryMb = 0, int gpus = 0) =>
        new() { Cores = cores, Nodes = nodes, MemoryMb = memoryMb, Gpus = gpus };

    [Test]
    public void TryTake_SingleNodeJob_GoesToTheFullestNodeThatFits_KeepingWholeNodesFree()
    {
        var pool = new NodePool([Node(4), Node(2), Node(4)]);

        Assert.That(pool.TryTake(Job(2)), Is.EqualTo(new[] { 1 }));
        Assert.That(pool.TryTake(Job(3)), Is.EqualTo(new[] { 0 }), "ties go to the pilot's own node");
        Assert.That(pool.FreePerNode.Select(n => n.Cores), Is.EqualTo(new[] { 1, 0, 4 }));
    }

    [Test]
    public void TryTake_MultiNodeJob_TakesItsRequestOnEachNode()
    {
        var pool = new NodePool([Node(4, 8000, 2), Node(4, 8000, 2), Node(4, 8000, 2)]);

        var nodes = pool.TryTake(Job(cores: 3, nodes: 2, memoryMb: 2501, gpus: 1));

        Assert.That(nodes, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(pool.FreePerNode, Is.EqualTo(new[] { Node(1, 5499, 1), Node(1, 5499, 1), Node(4, 8000, 2) }), "3 cores, 2501 MB and 1 GPU on each");
    }

    [Test]
    public void Lose_NodeOfARunningJob_GetsNothingBackAndTakesNoMoreWork()
    {
        var pool = new NodePool([Node(2), Node(2), Node(2)]);
        var wide = Job(cores: 1, nodes: 3);
        var taken = pool.TryTake(wide)!;

        Assert.That(pool.Lose(2), Is.True);
        Assert.That(pool.Lose(2), Is.False, "lost once");
        pool.Give(wide, taken);

        Assert.That(pool.FreePerNode.Select(n => n.Cores), Is.EqualTo(new[] { 2, 2, 0 }));
        Assert.That(pool.TryTake(wide), Is.Null, "a 3-node job no longer fits");
        Assert.That(pool.TryTake(Job(2)), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void TryTake_NotEnoughNodesWithTheShareFree_TakesNothing()
    {
        var pool = new NodePool([Node(4), Node(1), Node(4)]);
        pool.TryTake(Job(3));

        Assert.That(pool.TryTake(Job(cores: 2, nodes: 2)), Is.Null, "only one node has 2 cores free");
        Assert.That(pool.TryTake(Job(cores: 5)), Is.Null, "5 cores are free in total but not on one node");
        Assert.That(pool.Free, Is.EqualTo(new ResourceSet { Cores = 6, MemoryMb = 24000, Nodes = 3 }));
    }

    [Test]
    public void Give_ReturnsTheShares()
    {
        var pool = new NodePool([Node(4), Node(4)]);
        var job = Job(cores: 4, nodes: 2, memoryMb: 1000);
        var nodes = pool.TryTake(job)!;
        Assert.That(pool.Free.Nodes, Is.Zero, "no node has a core free");

        pool.Give(job, nodes);

        Assert.That(pool.FreePerNode, Is.EqualTo(new[] { Node(4), Node(4) }));
    }
}
