using System.Globalization;
using k8s.Models;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// The Kubernetes Job Pilot makes from a spec's <c>command</c> and <c>cluster.image</c>: one pod per node of the cluster,
/// each asking for the job's per-node resources, never restarted (Pilot's retry rules decide about another attempt).
/// </summary>
internal static class GeneratedJob
{
    public static V1Job From(PayloadLaunch launch, int nodes)
    {
        var spec = launch.Spec;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(spec.Resources.Cores.ToString(CultureInfo.InvariantCulture)),
        };
        if (spec.Resources.MemoryMb > 0)
        {
            resources["memory"] = new ResourceQuantity($"{spec.Resources.MemoryMb.ToString(CultureInfo.InvariantCulture)}Mi");
        }

        if (spec.Resources.Gpus > 0)
        {
            resources[NodeShare.GpuResource] = new ResourceQuantity(spec.Resources.Gpus.ToString(CultureInfo.InvariantCulture));
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = $"pilot-job-{launch.JobId.ToString(CultureInfo.InvariantCulture)}", NamespaceProperty = spec.Cluster!.Namespace },
            Spec = new V1JobSpec
            {
                Completions = nodes,
                Parallelism = nodes,
                BackoffLimit = 0,
                ActiveDeadlineSeconds = (long)spec.Resources.Walltime.TotalSeconds,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "payload",
                                Image = spec.Cluster.Image,
                                Command = [.. spec.Command],
                                Env = (spec.Environment ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new V1EnvVar { Name = e.Key, Value = e.Value }).ToList(),
                                Resources = new V1ResourceRequirements { Requests = resources, Limits = resources },
                            },
                        ],
                    },
                },
            },
        };
    }
}
