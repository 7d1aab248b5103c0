using Microsoft.Extensions.Logging;

namespace Pilot.Agent;

/// <summary>Log messages of interactive sessions (the rest of <see cref="Log"/> lives in Log.cs).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Tunnel of job {JobId} to its service at {Target} connected (reconnect: {Reconnect})")]
    public static partial void TunnelConnected(ILogger logger, long jobId, string target, bool reconnect);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Tunnel of job {JobId} lost: {Reason}; reconnecting with backoff")]
    public static partial void TunnelLost(ILogger logger, long jobId, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "A connection of job {JobId} to {Target} ended: {Reason}")]
    public static partial void TunnelStreamEnded(ILogger logger, long jobId, string target, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "The service socket of job {JobId}, {Path}, is longer than the {Max} bytes Unix allows; use a shorter --work-dir")]
    public static partial void ServiceSocketTooLong(ILogger logger, long jobId, string path, int max);
}
