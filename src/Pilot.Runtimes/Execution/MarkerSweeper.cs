using System.Text;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Finds the processes that carry an attempt's marker in their environment and kills them. A payload that
/// double-forks a daemon or calls <c>setsid</c> leaves its process group, but not its inherited environment.
/// </summary>
internal static class MarkerSweeper
{
    public const string MarkerVariable = "PILOT_ATTEMPT_MARKER";

    /// <summary>Separates an attempt's marker from the marker of one of its parts (a cluster job's daemons), which are swept with it.</summary>
    public const char PartSeparator = '.';

    /// <summary>
    /// Kills every process of this user that carries <paramref name="marker"/> or one of its parts; returns how many were
    /// found. With <paramref name="sincePid"/> (the payload's first process) only later process ids are read: the kernel
    /// hands them out in increasing order, so anything the payload started has a higher one unless the ids wrapped
    /// around since, which <c>ns_last_pid</c> below it shows (then every process is read).
    /// </summary>
    public static int Sweep(string marker, int sincePid = 0)
    {
        var needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
        var part = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}{PartSeparator}");
        var self = Environment.ProcessId;
        var found = 0;
        var from = LastPid() is { } last && last >= sincePid ? sincePid : 0;
        foreach (var pid in ListProcesses())
        {
            if (pid >= from && pid != self && Carries(pid, needle, part) && ProcessSignals.Signal(pid, ProcessSignals.SigKill))
            {
                found++;
            }
        }

        return found;
    }

    private static int? LastPid()
    {
        try
        {
            return int.TryParse(File.ReadAllText("/proc/sys/kernel/ns_last_pid"), out var last) ? last : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> ListProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                yield return pid;
            }
        }
    }

    private static bool Carries(int pid, byte[] needle, byte[] part)
    {
        try
        {
            var environ = File.ReadAllBytes($"/proc/{pid}/environ");
            return environ.AsSpan().IndexOf(needle) >= 0 || environ.AsSpan().EndsWith(needle.AsSpan(0, needle.Length - 1)) || environ.AsSpan().IndexOf(part) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
