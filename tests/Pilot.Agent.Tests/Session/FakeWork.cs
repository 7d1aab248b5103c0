using Pilot.Agent.Session;
using Pilot.Contracts;

namespace Pilot.Agent.Tests.Session;

/// <summary>The agent's side of the exchange, scripted: what it wants, a change the test makes happen, what it was given.</summary>
internal sealed class FakeWork : IPilotWork
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _running = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LeaseRequest? Wants { get; set; }

    public List<LeasedJob> Started { get; } = [];

    public int Forgotten { get; private set; }

    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>As when a payload ends: its report is in the journal, its resources free.</summary>
    public void Change() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public LeaseRequest? Wanted(DateTimeOffset now) => Wants;

    public Heartbeat Heartbeat(DateTimeOffset now) => new() { Leases = [] };

    public bool Runs(string leaseId)
    {
        lock (_gate)
        {
            return _running.Contains(leaseId);
        }
    }

    /// <summary>The payload of <paramref name="leaseId"/> holds its resources until <see cref="Free"/>.</summary>
    public void Hold(string leaseId)
    {
        lock (_gate)
        {
            _running.Add(leaseId);
        }
    }

    public void Free(string leaseId)
    {
        lock (_gate)
        {
            _running.Remove(leaseId);
        }
    }

    public void Start(LeasedJob job)
    {
        lock (_gate)
        {
            Started.Add(job);
        }
    }

    public void Obey(PilotCommand command)
    {
    }

    public Task ForgetAsync()
    {
        Forgotten++;
        return Task.CompletedTask;
    }
}
