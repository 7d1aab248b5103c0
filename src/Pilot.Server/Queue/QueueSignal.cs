using Pilot.Server.Coordination;

namespace Pilot.Server.Queue;

/// <summary>Wakes the lease requests that are waiting for work when work arrives, on this server and on the others sharing its database.</summary>
internal sealed class QueueSignal(IWorkBroadcast broadcast)
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Work arrived through this server: wakes its waiters and tells the other servers.</summary>
    public void Pulse()
    {
        PulseHere();
        broadcast.Announce();
    }

    /// <summary>Wakes this server's waiters only: work another server announced, or this server stopping.</summary>
    public void PulseHere() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Completes on the next <see cref="Pulse"/>: take it before looking for work, then wait on it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Completes when <paramref name="pulse"/> does or when <paramref name="timeout"/> passes.</summary>
    public static async Task WaitAsync(Task pulse, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        await Task.WhenAny(pulse, Task.Delay(timeout, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
