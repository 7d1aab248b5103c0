namespace Pilot.Contracts;

/// <summary>An order for a pilot, carried back in a heartbeat's answer.</summary>
/// <param name="GraceSeconds">For <see cref="PilotCommandKind.SoftKill"/>: how long the payload gets after the signal; null for the pilot's own grace period.</param>
public sealed record PilotCommand(PilotCommandKind Kind, string? LeaseId, string Reason, int? GraceSeconds = null);

public enum PilotCommandKind
{
    /// <summary>Stop the payload now: its job was cancelled or its lease is no longer valid.</summary>
    Kill,

    /// <summary>Signal the payload, give it the grace period, then kill it.</summary>
    SoftKill,

    /// <summary>Take no more work; finish what runs.</summary>
    Drain,

    /// <summary>Evict what runs and leave.</summary>
    Shutdown,
}
