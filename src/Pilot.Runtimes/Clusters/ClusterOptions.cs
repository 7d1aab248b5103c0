using System.ComponentModel.DataAnnotations;
using Pilot.Core;

namespace Pilot.Runtimes.Clusters;

/// <summary>Where the cluster programs are on the nodes, section <c>Pilot:Clusters</c>.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Pilot:Clusters";

    [Required]
    public string DaskScheduler { get; set; } = "/usr/bin/dask-scheduler";

    [Required]
    public string DaskWorker { get; set; } = "/usr/bin/dask-worker";

    /// <summary>The interpreter with the <c>distributed</c> package, used to wait for workers to register.</summary>
    [Required]
    public string Python { get; set; } = "/usr/bin/python3";

    /// <summary>The k3s binary (server and agent are sub-commands of one program).</summary>
    [Required]
    public string K3s { get; set; } = "k3s";

    /// <summary>Between SIGTERM and SIGKILL when the cluster's daemons are stopped.</summary>
    [DurationRange("00:00:00", "00:10:00")]
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(10);
}
