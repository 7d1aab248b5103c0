using System.ComponentModel;
using Microsoft.Win32.SafeHandles;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// A payload's main process, spawned in a session of its own (its process id is also its session and process group
/// id), its stdout and stderr in one pipe the pilot reads, and its exit, seen without reaping it.
/// </summary>
internal sealed class PayloadProcess : IDisposable
{
    private PayloadProcess(int id, Stream output, Task<int> exited)
    {
        Id = id;
        Output = output;
        Exited = exited;
    }

    public int Id { get; }

    /// <summary>What the payload writes to stdout and stderr; ends when every process holding the pipe is gone.</summary>
    public Stream Output { get; }

    /// <summary>Completes with the exit code when the main process has ended; its zombie stays until <see cref="Reap"/>.</summary>
    public Task<int> Exited { get; }

    public static PayloadProcess Start(PayloadCommand payload, string marker, MemoryCgroup? cgroup)
    {
        ChildExits.Watch();
        _ = Subreaper.IsActive;
        var environment = new Dictionary<string, string>(PayloadGuardian.PilotEnvironment, StringComparer.Ordinal);
        foreach (var (key, value) in payload.Environment)
        {
            environment[key] = value;
        }

        environment[MarkerSweeper.MarkerVariable] = marker;
        environment[PayloadGuardian.MarkerVariable] = PayloadGuardian.Marker;
        var words = PayloadCommandLine.Build(payload, cgroup?.ProcsFile, PosixSpawn.CanChangeDirectory);
        var (read, write) = PosixSpawn.Pipe();
        int pid;
        try
        {
            pid = PosixSpawn.Start(words[0], words.Skip(1).ToList(), environment.Select(e => $"{e.Key}={e.Value}"), PosixSpawn.CanChangeDirectory ? payload.WorkingDirectory : null, -1, write);
        }
        catch (Win32Exception e)
        {
            PosixSpawn.Close(read);
            throw new SetupFailedException($"could not start '{payload.Program}' in {payload.WorkingDirectory}: {e.Message}", e);
        }
        finally
        {
            PosixSpawn.Close(write);
        }

        return new PayloadProcess(pid, new FileStream(new SafeFileHandle(read, ownsHandle: true), FileAccess.Read, bufferSize: 0), ChildExits.WaitAsync(pid));
    }

    /// <summary>Removes the ended main process's zombie; its id may be reused from then on.</summary>
    public void Reap() => ChildExits.Reap(Id);

    public void Dispose() => Output.Dispose();
}
