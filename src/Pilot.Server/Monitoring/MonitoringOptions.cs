using System.ComponentModel.DataAnnotations;
using Pilot.Server.Web;

namespace Pilot.Server.Monitoring;

/// <summary>What the server shows operators, section <c>Pilot:Monitoring</c>: <c>/metrics</c>, the web page and their data.</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Pilot:Monitoring";

    /// <summary>Serve Prometheus metrics at <c>/metrics</c>, without a token: they carry counts, never job ids or owners.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Export gauges per pilot (free cores, running payloads, walltime left) labelled by pilot id. Pilots alive at
    /// once are few (one per allocation or node), so the label is bounded; a site with thousands of pilots turns this off.
    /// </summary>
    public bool PerPilotMetrics { get; set; } = true;

    /// <summary>Serve the read-only web page at <c>/ui</c> and its data under <c>/ui/data</c>.</summary>
    public bool WebPage { get; set; } = true;

    /// <summary>Open (the default: read-only for anyone who reaches the port) or Token (a user sees only their own jobs).</summary>
    public WebPageAccess WebPageAccess { get; set; } = WebPageAccess.Open;

    /// <summary>How often the queue depth is sampled for the web page's chart.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many queue depth samples the chart keeps (240 at 15 s is an hour).</summary>
    [Range(2, 100_000)]
    public int QueueDepthSamples { get; set; } = 240;
}
