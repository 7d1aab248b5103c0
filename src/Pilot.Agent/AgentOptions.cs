using System.ComponentModel.DataAnnotations;
using Pilot.Core;

namespace Pilot.Agent;

/// <summary>The agent's settings, section <c>Pilot:Agent</c>; bad values stop start-up with a message.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Pilot:Agent";

    /// <summary>The queue server, e.g. <c>https://pilot.example.org</c>. The agent only ever calls out to it.</summary>
    [Required(ErrorMessage = "set the queue server's URL with --server or Pilot__Agent__Server")]
    [Url]
    public string Server { get; set; } = "";

    /// <summary>API token with the pilot role; read from <see cref="TokenFile"/> when that is set.</summary>
    public string? Token { get; set; }

    public string? TokenFile { get; set; }

    /// <summary>Scratch for payloads, their logs and the result journal.</summary>
    [Required]
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), $"pilot-{Environment.UserName}");

    public string? Site { get; set; }

    /// <summary>Queues to serve; empty serves all.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>Most payloads run at once; 0 means one per core.</summary>
    [Range(0, 100_000)]
    public int MaxJobs { get; set; }

    /// <summary>Overrides the discovered core count (0 keeps it).</summary>
    [Range(0, 100_000)]
    public int Cores { get; set; }

    /// <summary>Overrides the discovered memory (0 keeps it).</summary>
    [Range(0, long.MaxValue)]
    public long MemoryMb { get; set; }

    /// <summary>How long one lease request may wait at the server for work.</summary>
    [DurationRange("00:00:00", "00:05:00")]
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Between SIGTERM and SIGKILL when a payload is stopped.</summary>
    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Overrides the server's heartbeat interval when set (tests use short ones).</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    [DurationRange("00:00:00.100", "00:10:00")]
    public TimeSpan LogShipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A payload's log is kept up to this size on the node; the rest is counted and dropped.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxLogBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most a payload may write to its scratch directory, in MB; past it the payload is stopped. 0: no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxScratchMb { get; set; }

    [DurationRange("00:00:00.050", "00:10:00")]
    public TimeSpan ScratchCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where the agent creates a cgroup v1 memory group per payload, limited to its memory request. Needs write access
    /// (root, or a delegated subtree); without it memory requests are only used for placement. Empty disables.
    /// </summary>
    public string? MemoryCgroupRoot { get; set; } = "/sys/fs/cgroup/memory/pilot";

    /// <summary>Keep attempt scratch directories after the attempt (for debugging).</summary>
    public bool KeepScratch { get; set; }

    /// <summary>The longest this pilot lives; it drains and leaves before then. Unset: the allocation's end, or no limit on a plain node.</summary>
    [DurationRange("00:01:00", "3650.00:00:00")]
    public TimeSpan? Walltime { get; set; }

    /// <summary>Port for Prometheus' <c>/metrics</c>; 0 (the default) serves none, as compute nodes take no inbound connections.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>Address the metrics port listens on: <c>+</c> for every interface, or one host name or IP.</summary>
    [Required]
    public string MetricsHost { get; set; } = "+";

    /// <summary>The longest job this pilot accepts; it stops taking work (retires) that long before its die deadline.</summary>
    [DurationRange("00:00:01", "3650.00:00:00")]
    public TimeSpan? MaxJobLength { get; set; }

    /// <summary>Remove the work directory when leaving with every result delivered: for a per-job directory nobody reuses.</summary>
    public bool RemoveWorkDirectory { get; set; }

    /// <summary>How long before the end the batch system sends its warning signal (<c>--signal=B:USR1@N</c>); the pilot plans to be done by then.</summary>
    [DurationRange("00:00:00", "3650.00:00:00")]
    public TimeSpan? SignalLead { get; set; }

    /// <summary>Most the retire and die deadlines move earlier at random, so pilots started together do not leave together.</summary>
    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan DeadlineSpread { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Leave after this long without a payload, returning the allocation; unset stays.</summary>
    [DurationRange("00:00:01", "3650.00:00:00")]
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>Run one job, then leave.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Stop taking work after this many payloads in a row failed within <see cref="FastFailureTime"/> (a broken node); 0 never.</summary>
    [Range(0, 1000)]
    public int FastFailures { get; set; } = 5;

    [DurationRange("00:00:00", "01:00:00")]
    public TimeSpan FastFailureTime { get; set; } = TimeSpan.FromSeconds(10);
}
