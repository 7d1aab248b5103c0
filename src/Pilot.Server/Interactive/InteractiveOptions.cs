using System.ComponentModel.DataAnnotations;

namespace Pilot.Server.Interactive;

/// <summary>Settings of interactive sessions, section <c>Pilot:Interactive</c>.</summary>
public sealed class InteractiveOptions
{
    public const string SectionName = "Pilot:Interactive";

    /// <summary>
    /// A separate origin for jobs' pages, e.g. <c>https://jobs.pilot.example.org</c> (a second DNS name for this server):
    /// a job's page then cannot read the API's or another site's cookies, the isolation JupyterHub recommends. When set,
    /// sessions answer only there. Unset, they run on the server's own origin.
    /// </summary>
    [RegularExpression("^https?://[^/?#]+$", ErrorMessage = "ProxyOrigin must be a scheme and host, e.g. https://jobs.pilot.example.org (no path)")]
    public string? ProxyOrigin { get; set; }

    /// <summary>How long a browser's login to one job's session lasts before it asks for the token again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromHours(12);
}
