namespace Pilot.Contracts;

/// <summary>How many more attempts each kind of failure earns. Evictions do not use up payload retries.</summary>
public sealed record RetryPolicy
{
    public int PayloadFailure { get; init; }

    public int PilotLost { get; init; } = 3;

    public int Evicted { get; init; } = 10;

    public int SetupFailure { get; init; } = 1;
}
