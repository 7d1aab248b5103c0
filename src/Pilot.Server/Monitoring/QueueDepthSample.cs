namespace Pilot.Server.Monitoring;

/// <summary>How many jobs waited and ran at one moment, for the web page's chart.</summary>
internal sealed record QueueDepthSample(DateTimeOffset At, long Queued, long Running);
