using System.ComponentModel.DataAnnotations;
using Pilot.Core;
using Pilot.Runtimes.Clusters.K3s;

namespace Pilot.Agent.SiteCluster;

/// <summary>Section <c>Pilot:SiteCluster</c>: when <see cref="Server"/> is set, the pilot's node joins the site's k3s/Kubernetes cluster while it lives.</summary>
public sealed class SiteClusterOptions : IValidatableObject
{
    public const string SectionName = "Pilot:SiteCluster";

    /// <summary>The site's server, e.g. <c>https://k3s.example.org:6443</c>; empty: the node joins no cluster.</summary>
    [Url]
    public string? Server { get; set; }

    /// <summary>File with the server's node join token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Credentials for leaving: patch and delete nodes, list pods, create pod evictions.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>How long before the walltime end the node starts leaving (cordon, evict, delete).</summary>
    [DurationRange("00:00:10", "1.00:00:00")]
    public TimeSpan LeaveBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Between attempts to evict a pod that a PodDisruptionBudget protects.</summary>
    [DurationRange("00:00:00.100", "00:05:00")]
    public TimeSpan EvictionRetry { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Server))
        {
            yield break;
        }

        if (!KubernetesSupport.IsSupported)
        {
            yield return new ValidationResult(KubernetesSupport.Missing, [nameof(Server)]);
        }

        if (string.IsNullOrEmpty(TokenFile))
        {
            yield return new ValidationResult("joining the site cluster needs the join token: set Pilot__SiteCluster__TokenFile", [nameof(TokenFile)]);
        }

        if (string.IsNullOrEmpty(Kubeconfig))
        {
            yield return new ValidationResult("leaving the site cluster needs API credentials: set Pilot__SiteCluster__Kubeconfig", [nameof(Kubeconfig)]);
        }
    }
}
