namespace Pilot.Contracts;

public sealed record LeaseResponse(IReadOnlyList<LeasedJob> Jobs);
