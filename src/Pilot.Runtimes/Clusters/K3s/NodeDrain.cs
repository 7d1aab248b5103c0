using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// Takes a pilot's node out of a site's Kubernetes cluster before its walltime, as <c>kubectl drain</c> does: cordon,
/// evict every pod through the eviction API (so PodDisruptionBudgets and grace periods are honoured; a 429 means a
/// budget forbids it for now and is retried until the deadline), wait for the pods to go, then delete the node.
/// </summary>
public sealed class NodeDrain(IKubernetes client, TimeProvider time, TimeSpan retryInterval)
{
    public async Task CordonAsync(string node, CancellationToken cancellationToken)
    {
        var patch = new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch);
        await client.CoreV1.PatchNodeAsync(patch, node, cancellationToken: cancellationToken);
    }

    public async Task<DrainReport> DrainAsync(string node, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        await CordonAsync(node, cancellationToken);
        var pods = (await PodsOnAsync(node, cancellationToken)).Where(Evictable).ToList();
        var outcomes = await Task.WhenAll(pods.Select(pod => EvictAsync(pod, deadline, cancellationToken)));
        var evicted = pods.Where((_, i) => outcomes[i]).Select(Name).ToList();
        var blocked = pods.Where((_, i) => !outcomes[i]).Select(Name).ToList();
        await WaitUntilGoneAsync(node, evicted, deadline, cancellationToken);
        await client.CoreV1.DeleteNodeAsync(node, cancellationToken: cancellationToken);
        return new DrainReport(evicted, blocked, NodeDeleted: true);
    }

    /// <summary>True once the API accepted the eviction (or the pod is already gone); false when a budget still forbade it at the deadline.</summary>
    private async Task<bool> EvictAsync(V1Pod pod, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
        };
        while (true)
        {
            try
            {
                await client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                if (time.GetUtcNow() + retryInterval > deadline)
                {
                    return false;
                }

                await Task.Delay(retryInterval, time, cancellationToken);
            }
        }
    }

    /// <summary>Evicted pods take their own termination grace period to end; the node is deleted after they are gone or at the deadline.</summary>
    private async Task WaitUntilGoneAsync(string node, IReadOnlyCollection<string> evicted, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (time.GetUtcNow() < deadline)
        {
            var left = (await PodsOnAsync(node, cancellationToken)).Select(Name).Intersect(evicted).Any();
            if (!left)
            {
                return;
            }

            await Task.Delay(retryInterval, time, cancellationToken);
        }
    }

    private async Task<IList<V1Pod>> PodsOnAsync(string node, CancellationToken cancellationToken) =>
        (await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={node}", cancellationToken: cancellationToken)).Items;

    /// <summary>DaemonSet pods come back on every node and mirror pods belong to the kubelet: drain leaves both, as kubectl does.</summary>
    private static bool Evictable(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet") != true
        && pod.Metadata.Annotations?.ContainsKey("kubernetes.io/config.mirror") != true
        && pod.Status?.Phase is not ("Succeeded" or "Failed");

    private static string Name(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
