using System.Globalization;

namespace Pilot.Agent.Allocation;

/// <summary>The memory limit of this process's cgroup (v2 <c>memory.max</c> or v1 <c>memory.limit_in_bytes</c>), where one is set.</summary>
internal static class CgroupMemory
{
    /// <summary>Null when no limit is set or it cannot be read.</summary>
    public static long? LimitMb(string procSelfCgroup = "/proc/self/cgroup", string root = "/sys/fs/cgroup")
    {
        try
        {
            foreach (var line in File.ReadLines(procSelfCgroup))
            {
                var parts = line.Split(':', 3);
                if (parts.Length != 3)
                {
                    continue;
                }

                var file = parts switch
                {
                    [_, "memory", var path] => Path.Combine(root, "memory", path.TrimStart('/'), "memory.limit_in_bytes"),
                    ["0", "", var path] => Path.Combine(root, path.TrimStart('/'), "memory.max"),
                    _ => null,
                };
                if (file is not null && File.Exists(file) && Parse(File.ReadAllText(file)) is { } limit)
                {
                    return limit;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No readable cgroup: Slurm's own numbers stand.
        }

        return null;
    }

    /// <summary>Limits at or above 2^62 bytes, and <c>max</c>, mean none.</summary>
    public static long? Parse(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes < (1L << 62)
            ? bytes / (1024 * 1024)
            : null;
}
