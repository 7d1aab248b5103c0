namespace Pilot.Server.Monitoring;

/// <summary>A pilot that is active or draining, as the metrics see it.</summary>
internal sealed record AlivePilot(string Id, string? Site, string State, DateTimeOffset? WalltimeEnd);
