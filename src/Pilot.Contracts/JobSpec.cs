namespace Pilot.Contracts;

/// <summary>What a user asks to run: the payload, what it needs, and where it may run.</summary>
public sealed record JobSpec
{
    public string? Name { get; init; }

    /// <summary>The program and its arguments (no shell is involved unless the command is one).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Relative paths are resolved inside the attempt's scratch directory on the node.</summary>
    public string? WorkingDirectory { get; init; }

    public ResourceRequest Resources { get; init; } = new();

    public RuntimeSpec Runtime { get; init; } = new();

    public string Queue { get; init; } = "default";

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Higher runs first; equal priorities run in submission order.</summary>
    public int Priority { get; init; }

    public RetryPolicy? Retries { get; init; }

    /// <summary>Set for a cluster job: the nodes become a Dask or k3s cluster for this one workload.</summary>
    public ClusterSpec? Cluster { get; init; }
}
