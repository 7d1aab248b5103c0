using System.Globalization;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// A cgroup v1 memory controller group for one attempt: its limit is the payload's memory request, the kernel's
/// OOM killer ends a payload that goes beyond it, and <c>cgroup.procs</c> lists every process the payload started,
/// even those that left its session.
/// </summary>
internal sealed class MemoryCgroup(string path)
{
    public string Path { get; } = path;

    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>Creates the group with its limit; null with a reason when this node does not let the pilot do it.</summary>
    public static MemoryCgroup? TryCreate(string root, string name, long limitMb, out string? problem)
    {
        var path = System.IO.Path.Combine(root, name);
        try
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(System.IO.Path.Combine(path, "memory.limit_in_bytes"), (limitMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
            problem = null;
            return new MemoryCgroup(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"memory request of {limitMb} MB not enforced: cannot create memory cgroup {path} ({e.Message})";
            return null;
        }
    }

    /// <summary>Whether the kernel's OOM killer ended a process of this group.</summary>
    public bool OomKilled()
    {
        try
        {
            return File.ReadLines(System.IO.Path.Combine(Path, "memory.oom_control"))
                .Select(line => line.Split(' '))
                .Any(words => words is ["oom_kill", var count] && count != "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Kills every process still in the group; returns how many there were.</summary>
    public int KillAll()
    {
        var killed = 0;
        try
        {
            foreach (var line in File.ReadLines(ProcsFile))
            {
                if (int.TryParse(line, out var pid) && ProcessSignals.Signal(pid, ProcessSignals.SigKill))
                {
                    killed++;
                }
            }
        }
        catch (IOException)
        {
            // The group is already gone.
        }

        return killed;
    }

    /// <summary>Removes the group once its killed processes are gone (the kernel refuses while any remain).</summary>
    public async Task RemoveAsync(TimeProvider time)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path);
                return;
            }
            catch (IOException)
            {
                KillAll();
                await Task.Delay(TimeSpan.FromMilliseconds(20), time);
            }
        }
    }
}
