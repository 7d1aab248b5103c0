namespace Pilot.Contracts;

/// <summary>Sent by a pilot every interval: renews its leases and reports how it is doing.</summary>
public sealed record Heartbeat
{
    public required IReadOnlyList<LeaseRef> Leases { get; init; }

    public ResourceSet? Free { get; init; }

    public bool Draining { get; init; }
}
