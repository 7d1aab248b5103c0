using System.Text.RegularExpressions;
using Pilot.Contracts;

namespace Pilot.Core.Specs;

/// <summary>Checks the <c>cluster</c> part of a job spec: the cluster's shape and that its workload can run on it.</summary>
internal static partial class ClusterSpecValidator
{
    public const int MaxWorkersPerNode = 256;
    public static readonly TimeSpan MaxStartupTimeout = TimeSpan.FromHours(1);

    /// <summary>Whether a spec may leave <c>command</c> out: a k3s cluster job whose workload is in manifests.</summary>
    public static bool RunsManifests(JobSpec spec) =>
        spec.Cluster is { Type: ClusterSpec.K3sType } cluster && (cluster.Manifests is not null || cluster.ManifestFiles is not null);

    public static void Validate(JobSpec spec, Action<bool, string, string> check)
    {
        if (spec.Cluster is not { } cluster)
        {
            return;
        }

        var isDask = cluster.Type == ClusterSpec.DaskType;
        var isK3s = cluster.Type == ClusterSpec.K3sType;
        check(isDask || isK3s, "cluster.type", $"unknown cluster type '{cluster.Type}'; known types: {ClusterSpec.DaskType}, {ClusterSpec.K3sType}");
        check(cluster.Nodes >= 0, "cluster.nodes", "must be at least 1 (or 0 to take resources.nodes)");
        check(cluster.Nodes <= 0 || cluster.Nodes == spec.Resources.Nodes, "cluster.nodes",
            $"is {cluster.Nodes} but resources.nodes is {spec.Resources.Nodes}; set resources.nodes to {cluster.Nodes} so the job goes to a pilot with that many nodes");
        check(cluster.WorkersPerNode is >= 1 and <= MaxWorkersPerNode, "cluster.workers_per_node", $"must be between 1 and {MaxWorkersPerNode}");
        check(cluster.StartupTimeout > TimeSpan.Zero && cluster.StartupTimeout <= MaxStartupTimeout, "cluster.startup_timeout", "must be more than zero and at most 1 hour");
        check(spec.Runtime.Type == RuntimeSpec.ProcessType, "runtime.type",
            "must be 'process' for a cluster job: the client runs as a process, and a k3s workload names its images in its manifests");
        if (isDask)
        {
            check(cluster.Manifests is null && cluster.ManifestFiles is null && cluster.Image is null, "cluster.manifests",
                "manifests, manifest_files and image are for k3s clusters; a Dask cluster runs 'command' as its client");
        }

        if (isK3s)
        {
            ValidateK3sWorkload(spec, cluster, check);
        }
    }

    private static void ValidateK3sWorkload(JobSpec spec, ClusterSpec cluster, Action<bool, string, string> check)
    {
        check(NamespacePattern().IsMatch(cluster.Namespace), "cluster.namespace", "must be a Kubernetes namespace name: lower-case letters, digits and '-', at most 63");
        var ways = (cluster.Manifests is null ? 0 : 1) + (cluster.ManifestFiles is null ? 0 : 1) + (spec.Command.Count > 0 ? 1 : 0);
        check(ways == 1, "cluster.manifests",
            "give the workload one way: inline manifests, manifest_files, or command with cluster.image (Pilot then makes a Job of it)");
        check(spec.Command.Count == 0 || !string.IsNullOrWhiteSpace(cluster.Image), "cluster.image", "is needed to run 'command' as a Job on the k3s cluster, e.g. python:3.12-slim");
        check(cluster.ManifestFiles is null || (cluster.ManifestFiles.Count > 0 && cluster.ManifestFiles.All(f => !string.IsNullOrWhiteSpace(f))),
            "cluster.manifest_files", "must list at least one YAML file");
        if (cluster.Manifests is { } manifests)
        {
            ValidateManifests(manifests, check);
        }
    }

    private static void ValidateManifests(string manifests, Action<bool, string, string> check)
    {
        try
        {
            var objects = ManifestReader.Outline(manifests);
            check(objects.Any(o => o.Kind == "Job"), "cluster.manifests", "must contain a Job (kind: Job): the cluster job ends when its Jobs complete");
        }
        catch (FormatException e)
        {
            check(false, "cluster.manifests", e.Message);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespacePattern();
}
