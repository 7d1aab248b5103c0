using Pilot.Contracts;

namespace Pilot.Server.Monitoring;

/// <summary>The compact state a pilot reported in its latest heartbeat, and when.</summary>
internal sealed record PilotSummary(Heartbeat Heartbeat, DateTimeOffset ReceivedAt)
{
    /// <summary>Walltime left now: what the pilot said, less the time since it said it.</summary>
    public double? WalltimeLeftSeconds(DateTimeOffset now) =>
        Heartbeat.WalltimeLeftSeconds is { } left ? Math.Max(0, left - (now - ReceivedAt).TotalSeconds) : null;
}
