namespace Pilot.Contracts;

/// <summary>Sent by a pilot every interval: renews its leases and reports how it is doing.</summary>
public sealed record Heartbeat
{
    public required IReadOnlyList<LeaseRef> Leases { get; init; }

    public ResourceSet? Free { get; init; }

    public bool Draining { get; init; }

    /// <summary>Why the pilot takes no more work, when it drains.</summary>
    public string? DrainReason { get; init; }

    /// <summary>The pilot judged its node broken (payloads failing fast one after another): new pilots should avoid it.</summary>
    public bool NodeBroken { get; init; }

    /// <summary>Nodes of the pilot's allocation it lost (Slurm can no longer start tasks there) and places no work on.</summary>
    public IReadOnlyList<string>? LostNodes { get; init; }

    /// <summary>Payloads the pilot runs now (including ones being set up or stopped).</summary>
    public int? RunningPayloads { get; init; }

    /// <summary>Seconds until the pilot's allocation ends; null when it has no deadline.</summary>
    public long? WalltimeLeftSeconds { get; init; }
}
