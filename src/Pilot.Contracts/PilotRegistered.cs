namespace Pilot.Contracts;

public sealed record PilotRegistered(string PilotId, int HeartbeatIntervalSeconds, int LeaseTtlSeconds);
