using System.Globalization;
using System.Runtime.InteropServices;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// The pilot as its payloads' child subreaper: a process a payload leaves behind, however it escaped (double fork,
/// <c>setsid</c>), becomes the pilot's own child when its parent ends, instead of init's. The kernel gives such orphans
/// to the pilot's main thread, so its <c>children</c> list holds exactly what payloads left, whatever their process ids.
/// </summary>
internal static partial class Subreaper
{
    private const int SetChildSubreaper = 36;

    /// <summary>Rounds of kill-and-wait before giving up on a payload that forks faster than it is killed.</summary>
    private const int MaxRounds = 1000;

    private static readonly string ChildrenFile = $"/proc/self/task/{Environment.ProcessId}/children";

    /// <summary>False on a kernel without <c>PR_SET_CHILD_SUBREAPER</c> or <c>/proc/…/children</c>: then the process table is swept instead.</summary>
    public static bool IsActive { get; } = Prctl(SetChildSubreaper, 1, 0, 0, 0) == 0 && File.Exists(ChildrenFile);

    /// <summary>
    /// Kills what the payload whose session is <paramref name="sessionId"/> left running: every orphan in its session or
    /// carrying its marker, then what those leave in turn, until none remains; returns how many were still running.
    /// </summary>
    public static int KillLeftovers(int sessionId, MarkerSweeper marker)
    {
        var killed = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var found = false;
            foreach (var pid in Orphans())
            {
                if (pid == sessionId || ChildExits.IsSpawnedHere(pid) || Describe(pid) is not { } orphan)
                {
                    continue;
                }

                var zombie = orphan.State == 'Z';
                if (orphan.Session != sessionId && (zombie || !marker.IsCarriedByLive(pid)))
                {
                    continue;
                }

                found = true;
                if (!zombie && ProcessSignals.Signal(pid, ProcessSignals.SigKill))
                {
                    killed++;
                }

                // Once it is gone its own children are orphans too, for the next round.
                ChildExits.Reap(pid);
            }

            if (!found)
            {
                break;
            }
        }

        return killed;
    }

    private static IEnumerable<int> Orphans()
    {
        string text;
        try
        {
            text = File.ReadAllText(ChildrenFile);
        }
        catch (IOException)
        {
            return [];
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => int.Parse(word, CultureInfo.InvariantCulture));
    }

    /// <summary>State and session from <c>/proc/PID/stat</c> (after the command name, which may hold spaces and parentheses).</summary>
    private static (char State, int Session)? Describe(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
