namespace Pilot.Contracts;

public sealed record HeartbeatResponse(IReadOnlyList<LeaseRenewal> Renewed, IReadOnlyList<PilotCommand> Commands);
