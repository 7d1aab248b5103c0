using System.Reflection;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// Runs a workload on a Kubernetes cluster: creates its objects, waits for its Jobs to complete or fail, copies every
/// pod's log into the attempt's log, and deletes the objects again.
/// </summary>
internal sealed class WorkloadRun(IKubernetes client, PayloadLog log, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "CustomResourceDefinition"];

    public async Task<PayloadResult> RunAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, string defaultNamespace, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var created = new List<IKubernetesObject<V1ObjectMeta>>();
        try
        {
            foreach (var item in objects)
            {
                await CreateAsync(item, defaultNamespace, cancellationToken);
                created.Add(item);
                log.Note($"created {item.Kind}/{item.Metadata.Name}");
            }

            var failures = new List<string>();
            foreach (var job in objects.OfType<V1Job>())
            {
                if (await WaitAsync(job, Namespace(job, defaultNamespace), cancellationToken) is { } failure)
                {
                    failures.Add(failure);
                }

                await CopyLogsAsync(job, Namespace(job, defaultNamespace), cancellationToken);
            }

            return failures.Count == 0
                ? new PayloadResult(AttemptOutcome.Succeeded, 0, startedAt, time.GetUtcNow(), null)
                : new PayloadResult(AttemptOutcome.PayloadFailed, null, startedAt, time.GetUtcNow(), string.Join("; ", failures));
        }
        finally
        {
            await DeleteAsync(created, defaultNamespace);
        }
    }

    private async Task CreateAsync(IKubernetesObject<V1ObjectMeta> item, string defaultNamespace, CancellationToken cancellationToken)
    {
        using var generic = GenericFor(item);
        if (ClusterScopedKinds.Contains(item.Kind))
        {
            await generic.CreateAsync(item, cancellationToken);
        }
        else
        {
            await generic.CreateNamespacedAsync(item, Namespace(item, defaultNamespace), cancellationToken);
        }
    }

    /// <summary>Null when the Job completed; otherwise why it failed.</summary>
    private async Task<string?> WaitAsync(V1Job job, string ns, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, ns, cancellationToken: cancellationToken);
            var conditions = current.Status?.Conditions ?? [];
            if (conditions.Any(c => c.Type == "Complete" && c.Status == "True"))
            {
                log.Note($"Job {job.Metadata.Name} completed");
                return null;
            }

            if (conditions.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True") is { } failed)
            {
                log.Note($"Job {job.Metadata.Name} failed: {failed.Reason} {failed.Message}");
                return $"Job {job.Metadata.Name} failed: {failed.Reason} {failed.Message}".TrimEnd();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task CopyLogsAsync(V1Job job, string ns, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={job.Metadata.Name}", cancellationToken: cancellationToken);
        foreach (var pod in pods.Items)
        {
            foreach (var container in pod.Spec.Containers)
            {
                log.Note($"--- log of pod {pod.Metadata.Name}, container {container.Name} ---");
                await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, ns, container.Name, cancellationToken: cancellationToken);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    log.Note($"{pod.Metadata.Name}: {line}");
                }
            }
        }
    }

    private async Task DeleteAsync(List<IKubernetesObject<V1ObjectMeta>> created, string defaultNamespace)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
        for (var i = created.Count - 1; i >= 0; i--)
        {
            var item = created[i];
            using var generic = GenericFor(item);
            try
            {
                _ = ClusterScopedKinds.Contains(item.Kind)
                    ? await generic.DeleteAsync<V1Status>(item.Metadata.Name, timeout.Token)
                    : await generic.DeleteNamespacedAsync<V1Status>(Namespace(item, defaultNamespace), item.Metadata.Name, timeout.Token);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
            {
                // The cluster itself is torn down next; an object it could not delete goes with it.
                log.Note($"could not delete {item.Kind}/{item.Metadata.Name}: {e.Message}");
            }
        }
    }

    private GenericClient GenericFor(IKubernetesObject<V1ObjectMeta> item)
    {
        var entity = item.GetType().GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new SetupFailedException($"{item.Kind}/{item.Metadata.Name} is not a Kubernetes kind this pilot can create");
        return string.IsNullOrEmpty(entity.Group)
            ? new GenericClient(client, entity.ApiVersion, entity.PluralName, disposeClient: false)
            : new GenericClient(client, entity.Group, entity.ApiVersion, entity.PluralName, disposeClient: false);
    }

    private static string Namespace(IKubernetesObject<V1ObjectMeta> item, string defaultNamespace) =>
        item.Metadata.NamespaceProperty is { Length: > 0 } given ? given : defaultNamespace;
}
