namespace Pilot.Runtimes.Execution;

/// <summary>What a payload may use beyond its cores: memory (enforced by a cgroup) and disk in its scratch directory.</summary>
public sealed record PayloadLimits
{
    public static PayloadLimits None { get; } = new();

    /// <summary>The payload's memory request; 0 leaves memory unlimited.</summary>
    public long MemoryMb { get; init; }

    /// <summary>Where the pilot may create cgroup v1 memory groups, e.g. <c>/sys/fs/cgroup/memory/pilot</c>; null: none.</summary>
    public string? MemoryCgroupRoot { get; init; }

    public string? ScratchDirectory { get; init; }

    /// <summary>Most the payload may write to its scratch directory; 0: no limit.</summary>
    public long ScratchLimitMb { get; init; }

    public TimeSpan ScratchCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal bool WatchesScratch => ScratchLimitMb > 0 && ScratchDirectory is not null;

    internal long ScratchLimitBytes => ScratchLimitMb * 1024 * 1024;
}
