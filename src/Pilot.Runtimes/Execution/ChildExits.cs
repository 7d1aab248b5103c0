using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Learns when a spawned process ends from <c>SIGCHLD</c>, without reaping it: its zombie keeps the process id, and so
/// its session and process group id, out of reuse until the pilot has cleaned up after it and calls <see cref="Reap"/>.
/// The runtime reaps only the children it started itself, so these are left to us.
/// </summary>
internal static unsafe partial class ChildExits
{
    private const int PidType = 1;
    private const int Exited = 4;
    private const int NoHang = 1;
    private const int NoWait = 0x01000000;
    private const int ByExit = 1;
    private const int NoChild = 10;

    private static readonly ConcurrentDictionary<int, TaskCompletionSource<int>> Waiting = new();
    private static readonly ConcurrentDictionary<int, byte> Unreaped = new();
    private static readonly PosixSignalRegistration ChildSignal = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => CheckAll());

    /// <summary>Call before spawning, so that no exit can go unnoticed.</summary>
    public static void Watch() => GC.KeepAlive(ChildSignal);

    /// <summary>Completes with the exit code (128 + the signal when a signal ended it) once <paramref name="pid"/> has ended.</summary>
    public static Task<int> WaitAsync(int pid)
    {
        Unreaped[pid] = 0;
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Waiting[pid] = exited;
        Check(pid, exited);
        return exited.Task;
    }

    /// <summary>A payload's main process, started and not yet reaped: never one of an attempt's leftovers.</summary>
    public static bool IsSpawnedHere(int pid) => Unreaped.ContainsKey(pid);

    /// <summary>Waits for <paramref name="pid"/> (a child of this process) to end and removes its zombie.</summary>
    public static void Reap(int pid)
    {
        var info = stackalloc byte[128];
        while (WaitId(PidType, pid, info, Exited) != 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */)
        {
        }

        Unreaped.TryRemove(pid, out _);
    }

    private static void CheckAll()
    {
        foreach (var (pid, exited) in Waiting)
        {
            Check(pid, exited);
        }
    }

    private static void Check(int pid, TaskCompletionSource<int> exited)
    {
        if (ExitCode(pid) is { } code && Waiting.TryRemove(new KeyValuePair<int, TaskCompletionSource<int>>(pid, exited)))
        {
            exited.TrySetResult(code);
        }
    }

    private static int? ExitCode(int pid)
    {
        // siginfo_t on Linux: si_signo, si_errno, si_code, then (8-aligned) si_pid, si_uid, si_status.
        var info = stackalloc byte[128];
        if (WaitId(PidType, pid, info, Exited | NoHang | NoWait) != 0)
        {
            // Not our child (any more): reaped elsewhere, or SIGCHLD is ignored and the kernel reaped it.
            return Marshal.GetLastPInvokeError() == NoChild ? 128 : null;
        }

        if (*(int*)(info + 16) == 0)
        {
            return null;
        }

        var status = *(int*)(info + 24);
        return *(int*)(info + 8) == ByExit ? status : 128 + status;
    }

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitId(int idType, int id, byte* info, int options);
}
