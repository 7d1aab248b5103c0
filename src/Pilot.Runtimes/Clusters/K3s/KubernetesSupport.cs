using System.Diagnostics.CodeAnalysis;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// Whether this build carries the Kubernetes client (k3s cluster jobs, joining a site's cluster). The client reads its
/// models by reflection, so the Native AOT <c>pilot-agent</c> sets the switch to false and the compiler drops the code
/// behind it; <c>pilot agent</c> has it.
/// </summary>
public static class KubernetesSupport
{
    public const string SwitchName = "Pilot.Kubernetes.IsSupported";

    public const string Missing =
        "this pilot is the Native AOT pilot-agent, built without the Kubernetes client: k3s cluster jobs and site clusters need 'pilot agent'";

    [FeatureSwitchDefinition(SwitchName)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SwitchName, out var enabled) || enabled;
}
