namespace Pilot.Contracts;

/// <summary>An amount of compute: what a pilot has, or has free.</summary>
public sealed record ResourceSet
{
    public int Cores { get; init; }

    public long MemoryMb { get; init; }

    public int Gpus { get; init; }

    public int Nodes { get; init; } = 1;
}
