using System.ComponentModel.DataAnnotations;

namespace Pilot.Server;

/// <summary>The queue server's settings, section <c>Pilot:Server</c>; bad values stop start-up with a message.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Pilot:Server";

    /// <summary>Where the SQLite database and the first admin token live (payload logs are in the database).</summary>
    [Required]
    public string DataDirectory { get; set; } = "pilot-data";

    /// <summary>
    /// An Npgsql connection string (<c>Host=db;Database=pilot;Username=pilot;Password=...</c>): when set, the queue lives in
    /// PostgreSQL instead of SQLite, payload logs included.
    /// </summary>
    public string? PostgreSql { get; set; }

    /// <summary>
    /// Where the other servers of a shared database reach this one, e.g. <c>http://pilot2.internal:8080</c>: a request for an
    /// interactive job whose tunnel this server holds is relayed here. Unset: the address it listens on, a wildcard
    /// (<c>0.0.0.0</c>) replaced by the machine's name.
    /// </summary>
    [RegularExpression("^https?://[^/?#]+$", ErrorMessage = "AdvertisedUrl must be a scheme and host, e.g. http://pilot2.internal:8080 (no path)")]
    public string? AdvertisedUrl { get; set; }

    /// <summary>How long a lease lives without a heartbeat before its job is requeued.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often pilots are told to heartbeat; keep it well under <see cref="LeaseTtl"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a lease request may wait for work (long poll).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxLeaseWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A payload's stored log stops here, with a marker saying so.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxLogBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// True (the default): an answer the server gave survives a power loss as well as a crash (SQLite <c>synchronous =
    /// FULL</c>, PostgreSQL <c>synchronous_commit = on</c>). False: it survives a crash of the server process, but a
    /// power loss (or a database crash) may take back the last commits; fewer waits on the disk.
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>Most jobs one batch submission (an array, a file of lines, a JSON list) may hold.</summary>
    [Range(1, 10_000_000)]
    public int MaxJobsPerBatch { get; set; } = 200_000;

    /// <summary>Runtime names a site added to its agents by configuration; job specs may name them besides the built-in ones.</summary>
    public List<string> SiteRuntimes { get; set; } = [];
}
