using System.Text.Json.Serialization;

namespace Pilot.Contracts;

/// <summary>
/// A job that turns its nodes into a private cluster for one distributed workload: a Dask cluster whose client is the
/// job's command, or a k3s cluster that runs the job's Kubernetes manifests. The cluster is torn down when the workload ends.
/// </summary>
public sealed record ClusterSpec
{
    public const string DaskType = "dask";
    public const string K3sType = "k3s";

    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromMinutes(5);

    /// <summary><c>dask</c> or <c>k3s</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Nodes the cluster spans; 0 takes <c>resources.nodes</c>. Resources are per node.</summary>
    public int Nodes { get; init; }

    /// <summary>Dask: worker processes per node; the node's cores and memory are split between them.</summary>
    public int WorkersPerNode { get; init; } = 1;

    /// <summary>How long the cluster may take to come up before the attempt fails as a setup failure.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan StartupTimeout { get; init; } = DefaultStartupTimeout;

    /// <summary>k3s: the workload as YAML documents (a Kubernetes Job and what it needs), inline.</summary>
    public string? Manifests { get; init; }

    /// <summary>k3s: YAML files with the workload, relative to the working directory on the node.</summary>
    public IReadOnlyList<string>? ManifestFiles { get; init; }

    /// <summary>k3s: the image of the Job Pilot generates from <c>command</c> when no manifests are given.</summary>
    public string? Image { get; init; }

    /// <summary>k3s: the namespace the workload runs in.</summary>
    public string Namespace { get; init; } = "default";
}
