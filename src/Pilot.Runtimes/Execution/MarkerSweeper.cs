using System.Text;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Finds the processes that carry an attempt's marker in their environment and kills them. A payload that
/// double-forks a daemon or calls <c>setsid</c> leaves its process group, but not its inherited environment.
/// </summary>
internal sealed class MarkerSweeper
{
    public const string MarkerVariable = "PILOT_ATTEMPT_MARKER";

    /// <summary>Separates an attempt's marker from the marker of one of its parts (a cluster job's daemons), which are swept with it.</summary>
    public const char PartSeparator = '.';

    private readonly byte[] _needle;
    private readonly byte[] _part;

    public MarkerSweeper(string marker)
    {
        _needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
        _part = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}{PartSeparator}");
    }

    /// <summary>
    /// Kills every process of this user that carries <paramref name="marker"/> or one of its parts, reading the whole
    /// process table (after a restart, where nothing else knows what the attempt left); returns how many were found.
    /// </summary>
    public static int Sweep(string marker)
    {
        var sweeper = new MarkerSweeper(marker);
        var self = Environment.ProcessId;
        var found = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != self && sweeper.IsCarriedBy(pid) && ProcessSignals.Signal(pid, ProcessSignals.SigKill))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Whether process <paramref name="pid"/> carries the marker or one of its parts.</summary>
    public bool IsCarriedBy(int pid) => Read(pid) is { } environ && Carries(environ);

    /// <summary>
    /// The same for a process that exists for sure (a child not yet reaped): one in the middle of an <c>exec</c> shows an
    /// empty environment for a moment, so an empty one is read again for a few milliseconds before it counts as unmarked.
    /// </summary>
    public bool IsCarriedByLive(int pid)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            switch (Read(pid))
            {
                case null:
                    return false;
                case { Length: > 0 } environ:
                    return Carries(environ);
                default:
                    Thread.Sleep(1);
                    break;
            }
        }

        return false;
    }

    private bool Carries(ReadOnlySpan<byte> environ) =>
        environ.IndexOf(_needle) >= 0 || environ.EndsWith(_needle.AsSpan(0, _needle.Length - 1)) || environ.IndexOf(_part) >= 0;

    private static byte[]? Read(int pid)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
