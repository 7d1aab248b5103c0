namespace Pilot.Runtimes;

public sealed record RuntimeAvailability(string Name, bool Available, string? Version, string? Reason = null);
