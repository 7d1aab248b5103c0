namespace Pilot.Server.Monitoring;

/// <summary>How many jobs of one queue are in one state.</summary>
internal sealed record JobCount(string State, string Queue, long Count);
