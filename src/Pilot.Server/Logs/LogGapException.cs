namespace Pilot.Server.Logs;

/// <summary>A log chunk arrived past the end of what is stored.</summary>
internal sealed class LogGapException(string message) : Exception(message);
