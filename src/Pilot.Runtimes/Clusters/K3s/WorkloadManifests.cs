using k8s;
using k8s.Models;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>The Kubernetes objects of a k3s cluster job: its inline manifests, its manifest files, or the Job made from its command.</summary>
internal static class WorkloadManifests
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Load(PayloadLaunch launch, int nodes)
    {
        var cluster = launch.Spec.Cluster!;
        if (cluster.Manifests is { } inline)
        {
            return Parse(inline, "cluster.manifests");
        }

        if (cluster.ManifestFiles is { } files)
        {
            return files.SelectMany(file => Parse(Read(Path.Combine(launch.WorkingDirectory, file)), file)).ToList();
        }

        return [GeneratedJob.From(launch, nodes)];
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SetupFailedException($"cannot read the manifest file {path}: {e.Message}", e);
        }
    }

    private static List<IKubernetesObject<V1ObjectMeta>> Parse(string yaml, string source)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            throw new SetupFailedException($"{source} is not a set of Kubernetes objects this pilot knows: {e.Message}", e);
        }

        var typed = objects.OfType<IKubernetesObject<V1ObjectMeta>>().ToList();
        if (typed.Count != objects.Count)
        {
            throw new SetupFailedException($"{source} holds an object without metadata; every document must be one Kubernetes object");
        }

        if (!typed.OfType<V1Job>().Any())
        {
            throw new SetupFailedException($"{source} has no Job (kind: Job): the cluster job ends when its Jobs complete");
        }

        return typed;
    }
}
