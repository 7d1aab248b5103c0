namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// Whether rootless k3s can run here: it needs the cgroup v2 hierarchy with the cpu, memory and pids controllers
/// delegated to the pilot's own cgroup, which a Slurm job usually lacks. Checked before starting so the attempt
/// fails with the reason instead of timing out.
/// </summary>
public static class CgroupDelegation
{
    public static readonly IReadOnlyList<string> RequiredControllers = ["cpu", "memory", "pids"];

    private const string SiteAdvice =
        "the site can run Slurm with cgroup v2 (CgroupPlugin=cgroup/v2 in cgroup.conf) and delegate the controllers to jobs "
        + "(systemd Delegate=yes for slurmstepd or user@.service), or run the pilot as root so k3s does not need rootless mode";

    /// <summary>Null when rootless k3s can start; otherwise what is missing and what the site can change.</summary>
    public static string? ProblemForRootless(string procSelfCgroup = "/proc/self/cgroup", string cgroupMount = "/sys/fs/cgroup")
    {
        var unified = File.ReadLines(procSelfCgroup).FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (unified is null)
        {
            return $"rootless k3s needs cgroup v2, but this node has only cgroup v1 hierarchies; {SiteAdvice}";
        }

        var path = unified[3..].TrimStart('/');
        var mount = File.Exists(Path.Combine(cgroupMount, "cgroup.controllers")) ? cgroupMount : Path.Combine(cgroupMount, "unified");
        var controllersFile = Path.Combine(mount, path, "cgroup.controllers");
        var available = File.Exists(controllersFile)
            ? File.ReadAllText(controllersFile).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            : [];
        var missing = RequiredControllers.Except(available, StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? null
            : $"rootless k3s needs the cgroup v2 controllers {string.Join(", ", RequiredControllers)} delegated to the pilot's cgroup /{path}, "
              + $"but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not (available: {(available.Length == 0 ? "none" : string.Join(" ", available))}); {SiteAdvice}";
    }
}
