namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>One k3s node the pilot starts: where it keeps its state, what it advertises, and how it is marked.</summary>
internal sealed record K3sNode
{
    public required string Name { get; init; }

    public required string DataDirectory { get; init; }

    /// <summary>The join secret, in a file (mode 0600) so that it never shows in a process list.</summary>
    public required string TokenFile { get; init; }

    public required K3sPorts Ports { get; init; }

    public required NodeShare Share { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints as <c>key=value:Effect</c>.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>Run as an ordinary user (needs delegated cgroup v2 controllers).</summary>
    public bool Rootless { get; init; }
}
