namespace Pilot.Server;

/// <summary>Log messages of interactive sessions (the rest of <see cref="Log"/> lives in Log.cs).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Forwarding to the session of job {JobId} failed: {Error} {Detail}")]
    public static partial void SessionForwardFailed(ILogger logger, long jobId, string error, string detail);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "The record of job {JobId}'s closed tunnel stays in the database: {Problem}")]
    public static partial void TunnelRowLeft(ILogger logger, long jobId, string problem);
}
