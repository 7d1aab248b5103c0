using System.Globalization;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// The part of a machine a pilot was given. Kubernetes advertises a node's allocatable resources as its capacity minus
/// what is reserved, so reserving the rest of the machine makes the node offer exactly the pilot's share.
/// </summary>
internal sealed record NodeShare(int Cores, long MemoryMb, int Gpus, int MachineCores, long MachineMemoryMb)
{
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>The kubelet's <c>system-reserved</c> setting, or null when the pilot has the whole machine.</summary>
    public string? SystemReserved()
    {
        var cpu = Math.Max(0, MachineCores - Cores);
        var memory = MemoryMb > 0 ? Math.Max(0, MachineMemoryMb - MemoryMb) : 0;
        var parts = new List<string>();
        if (cpu > 0)
        {
            parts.Add($"cpu={(cpu * 1000).ToString(CultureInfo.InvariantCulture)}m");
        }

        if (memory > 0)
        {
            parts.Add($"memory={memory.ToString(CultureInfo.InvariantCulture)}Mi");
        }

        return parts.Count == 0 ? null : "system-reserved=" + string.Join(',', parts);
    }
}
