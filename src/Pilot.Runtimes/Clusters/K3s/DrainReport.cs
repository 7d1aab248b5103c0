namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>How leaving a site cluster went: pods evicted, and pods a PodDisruptionBudget still held at the deadline.</summary>
public sealed record DrainReport(IReadOnlyList<string> Evicted, IReadOnlyList<string> Blocked, bool NodeDeleted);
