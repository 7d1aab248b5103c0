namespace Pilot.Core.Specs;

/// <summary>What identifies one Kubernetes object in a manifest: enough to check a workload before it is queued.</summary>
public sealed record ManifestOutline(string ApiVersion, string Kind, string Name);
