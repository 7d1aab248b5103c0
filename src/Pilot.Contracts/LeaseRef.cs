namespace Pilot.Contracts;

public sealed record LeaseRef(string LeaseId, long FencingToken);
