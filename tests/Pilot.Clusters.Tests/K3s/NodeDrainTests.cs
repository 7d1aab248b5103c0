using Pilot.Runtimes.Clusters.K3s;

namespace Pilot.Clusters.Tests.K3s;

[TestFixture]
public sealed class NodeDrainTests
{
    private const string Node = "pilot-42";
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(50);

    [Test]
    public async Task DrainAsync_PodsOnTheNode_CordonsEvictsEachThenDeletesTheNode()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.AddPod("default", "web-1", Node);
        api.AddPod("batch", "train-7", Node);
        api.AddPod("kube-system", "flannel-x", Node, ownerKind: "DaemonSet");
        api.AddPod("default", "elsewhere", "other-node");

        var report = await new NodeDrain(api.Client(), TimeProvider.System, Retry).DrainAsync(Node, DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None);

        Assert.That(report.Evicted, Is.EquivalentTo(new[] { "default/web-1", "batch/train-7" }));
        Assert.That(report.Blocked, Is.Empty);
        var calls = api.Calls.ToList();
        Assert.That(calls[0], Is.EqualTo($"PATCH /api/v1/nodes/{Node}"));
        Assert.That(api.PatchBodies.Single(), Does.StartWith("application/merge-patch+json").And.Contain("\"unschedulable\":true"));
        Assert.That(calls[1], Is.EqualTo($"GET /api/v1/pods?fieldSelector=spec.nodeName%3D{Node}&watch=false"));
        Assert.That(calls.Where(c => c.StartsWith("POST", StringComparison.Ordinal)), Is.EquivalentTo(new[]
        {
            "POST /api/v1/namespaces/default/pods/web-1/eviction",
            "POST /api/v1/namespaces/batch/pods/train-7/eviction",
        }));
        Assert.That(calls[^1], Is.EqualTo($"DELETE /api/v1/nodes/{Node}"));
    }

    [Test]
    public async Task DrainAsync_BudgetRefusesTwice_RetriesTheEvictionUntilAccepted()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.AddPod("default", "db-0", Node, refusals: 2);

        var report = await new NodeDrain(api.Client(), TimeProvider.System, Retry).DrainAsync(Node, DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None);

        Assert.That(report.Evicted, Is.EqualTo(new[] { "default/db-0" }));
        Assert.That(api.Calls.Count(c => c == "POST /api/v1/namespaces/default/pods/db-0/eviction"), Is.EqualTo(3));
    }

    [Test]
    public async Task DrainAsync_BudgetRefusesPastTheDeadline_ReportsThePodBlockedAndStillDeletesTheNode()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.AddPod("default", "db-0", Node, refusals: -1);
        api.AddPod("default", "web-1", Node);

        var report = await new NodeDrain(api.Client(), TimeProvider.System, Retry).DrainAsync(Node, DateTimeOffset.UtcNow.AddSeconds(6), CancellationToken.None);

        Assert.That(report.Blocked, Is.EqualTo(new[] { "default/db-0" }));
        Assert.That(report.Evicted, Is.EqualTo(new[] { "default/web-1" }));
        Assert.That(api.Calls.Count(c => c.EndsWith("db-0/eviction", StringComparison.Ordinal)), Is.GreaterThan(1));
        Assert.That(api.Calls.Last(), Is.EqualTo($"DELETE /api/v1/nodes/{Node}"));
    }

    [Test]
    public async Task DrainAsync_PodInItsGracePeriod_DeletesTheNodeOnlyAfterThePodIsGone()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.AddPod("default", "slow-stop", Node, listedAfterEviction: 3);

        await new NodeDrain(api.Client(), TimeProvider.System, Retry).DrainAsync(Node, DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None);

        var calls = api.Calls.ToList();
        var listingsAfterEviction = calls.SkipWhile(c => !c.StartsWith("POST", StringComparison.Ordinal)).Count(c => c.StartsWith("GET /api/v1/pods", StringComparison.Ordinal));
        Assert.That(listingsAfterEviction, Is.EqualTo(4), string.Join("\n", calls));
        Assert.That(calls[^1], Is.EqualTo($"DELETE /api/v1/nodes/{Node}"));
    }
}
