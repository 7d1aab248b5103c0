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

    /// <summary>Kills every process of this user that carries <paramref name="marker"/> or one of its parts; returns how many were found.</summary>
    public static int Sweep(string marker)
    {
        var needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
        var part = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}{PartSeparator}");
        var self = Environment.ProcessId;
        var found = 0;
        foreach (var pid in ListProcesses())
        {
            if (pid != self && Carries(pid, needle, part) && ProcessSignals.Signal(pid, ProcessSignals.SigKill))
            {
                found++;
            }
        }

        return found;
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
