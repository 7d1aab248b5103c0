using System.Runtime.InteropServices;

namespace Pilot.Runtimes.Execution;

/// <summary>POSIX signals to a process or a whole process group (what <c>kill(2)</c> does; .NET has no API for groups).</summary>
internal static partial class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Signals every process in the group led by <paramref name="groupId"/>; false when the group is gone.</summary>
    public static bool SignalGroup(int groupId, int signal) => groupId > 1 && Kill(-groupId, signal) == 0;

    public static bool Signal(int processId, int signal) => processId > 1 && Kill(processId, signal) == 0;

    public static bool IsAlive(int processId) => processId > 1 && Kill(processId, 0) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
