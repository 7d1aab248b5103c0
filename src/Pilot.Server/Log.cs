namespace Pilot.Server;

/// <summary>
/// The server's log messages, source-generated with structured fields. Event ids are stable for log queries and alerts:
/// 2001+ here, 2501+ for interactive tunnels; a new message takes the next free id, and an id is never reused.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Expired {Count} leases whose pilots stopped heartbeating; their jobs follow their retry rules")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Gave {Count} running leases a fresh TTL of {TtlSeconds} s after {GapSeconds} s without watching them (start-up or a paused server)")]
    public static partial void LeasesResumed(ILogger logger, int count, double gapSeconds, double ttlSeconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Lease expiry pass failed; retrying next tick")]
    public static partial void LeaseExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Pilot server storing data in {DataDirectory} ({Storage})")]
    public static partial void Started(ILogger logger, string dataDirectory, string storage);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Created the first admin API token in {Path} (mode 0600); use it to create user and pilot tokens with 'pilot token create'")]
    public static partial void AdminTokenCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Reading job and pilot counts for /metrics failed; the gauges keep their previous values")]
    public static partial void GaugesStale(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Sampling the queue depth for the web page failed; retrying next interval")]
    public static partial void QueueDepthSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "The database did not answer; not pinging systemd's watchdog this time")]
    public static partial void WatchdogSkipped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Queue {Queue}: {Jobs} jobs ({Cores} cores) queued, pilots can take {Supply} cores; submitting {Count} pilot jobs ({Active} of at most {Cap} already pending or running)")]
    public static partial void Provisioning(ILogger logger, string queue, long jobs, long cores, long supply, int count, int active, int cap);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Submitted pilot batch job {BatchJobId} for queue {Queue}")]
    public static partial void PilotJobSubmitted(ILogger logger, string batchJobId, string queue);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "Slurm refused a pilot job for queue {Queue}: {Problem}; the queue's jobs stay queued, next try in {PauseSeconds} s")]
    public static partial void PilotJobRefused(ILogger logger, string queue, string problem, double pauseSeconds);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Pilot batch job {BatchJobId} for queue {Queue} failed: Slurm state {SlurmState}, {Reason}")]
    public static partial void PilotJobFailed(ILogger logger, string batchJobId, string queue, string slurmState, string reason);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Cannot provision pilot jobs ({Scope}): {Problem}; will retry")]
    public static partial void SlurmUnavailable(ILogger logger, string scope, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other servers that work arrived failed; their waiting pilots wake on their own timeout")]
    public static partial void WorkAnnouncementFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the session that hears other servers' work; reconnecting in {RetrySeconds} s")]
    public static partial void WorkListenerLost(ILogger logger, Exception exception, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId} leads: it runs the lease reaper and the provisioner")]
    public static partial void LeaderElected(ILogger logger, string serverId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId} stopped leading; another server takes over the lease reaper and the provisioner")]
    public static partial void LeaderSteppedDown(ILogger logger, string serverId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The leader session of server {ServerId} broke; trying again")]
    public static partial void LeaderSessionLost(ILogger logger, Exception exception, string serverId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchanging pilot summaries with the other servers failed; retrying next second")]
    public static partial void SummaryExchangeFailed(ILogger logger, Exception exception);
}
