using System.Collections.Concurrent;
using Pilot.Agent.Session;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>Keeps track of the payloads this pilot runs: starts them, stops them on order, evicts them all when leaving.</summary>
internal sealed class PayloadSupervisor(AttemptLifecycle attempts, PilotSession session, PayloadHealth health)
{
    private readonly ConcurrentDictionary<string, RunningPayload> _running = new();
    private TaskCompletionSource _changed = NewSignal();

    public int Count => _running.Count;

    public IReadOnlyList<LeaseRef> Leases => _running.Values.Select(r => new LeaseRef(r.Job.LeaseId, r.Job.FencingToken)).ToList();

    public void Start(LeasedJob job)
    {
        var reservation = session.Ledger.Reserve(job.Spec.Resources);
        var control = new PayloadControl();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = Task.Run(async () =>
        {
            await started.Task;
            try
            {
                health.Record(job, await attempts.RunAsync(job, reservation, control));
            }
            finally
            {
                // Released before it leaves the running set: a payload that no longer runs has freed its resources.
                session.Ledger.Release(job.Spec.Resources, reservation);
                _running.TryRemove(job.LeaseId, out _);
                control.Dispose();
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
            }
        });
        _running[job.LeaseId] = new RunningPayload(job, control, completion);
        started.SetResult();
    }

    /// <summary>True while the payload of <paramref name="leaseId"/> holds its resources (its report may be written already).</summary>
    public bool Runs(string leaseId) => _running.ContainsKey(leaseId);

    /// <summary>Stops one payload; false when this pilot does not run it (any more).</summary>
    public bool Stop(string leaseId, StopReason reason, TimeSpan grace, string? why)
    {
        if (!_running.TryGetValue(leaseId, out var payload))
        {
            return false;
        }

        payload.Control.RequestStop(reason, grace, why);
        return true;
    }

    /// <summary>Stops every payload, waits until each has been reported.</summary>
    public async Task StopAllAsync(StopReason reason, TimeSpan grace, string? why)
    {
        var running = _running.Values.ToList();
        foreach (var payload in running)
        {
            payload.Control.RequestStop(reason, grace, why);
        }

        await Task.WhenAll(running.Select(p => p.Completion));
    }

    /// <summary>Completes when the next payload finishes (a slot is free again). Take it before looking at what is free.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Values.Select(p => p.Completion)).WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
