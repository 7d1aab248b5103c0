namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>What a pilot's node in a site's Kubernetes cluster is: where it joins, who it is, what it offers and until when.</summary>
public sealed record SiteNodeSettings
{
    /// <summary>The site's k3s or Kubernetes server, e.g. <c>https://k3s.example.org:6443</c>.</summary>
    public required string ServerUrl { get; init; }

    /// <summary>The server's node join token, in a file readable only by the pilot.</summary>
    public required string TokenFile { get; init; }

    public required string DataDirectory { get; init; }

    public required string PilotId { get; init; }

    public DateTimeOffset? WalltimeEnd { get; init; }

    public required int Cores { get; init; }

    public required long MemoryMb { get; init; }

    public int Gpus { get; init; }

    public int MachineCores { get; init; } = Environment.ProcessorCount;

    public long MachineMemoryMb { get; init; }

    /// <summary>Between attempts to evict a pod that a PodDisruptionBudget protects.</summary>
    public TimeSpan EvictionRetry { get; init; } = TimeSpan.FromSeconds(5);
}
