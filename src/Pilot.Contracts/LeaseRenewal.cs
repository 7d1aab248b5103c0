namespace Pilot.Contracts;

public sealed record LeaseRenewal(string LeaseId, DateTimeOffset ExpiresAt);
