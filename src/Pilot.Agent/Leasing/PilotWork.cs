using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Agent.Session;
using Pilot.Agent.Supervision;
using Pilot.Contracts;
using Pilot.Core.Walltime;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Leasing;

/// <summary>
/// What this pilot asks the server for and does with its answers: work that fits what is free and the walltime left
/// (none before it opens, while full, draining or leaving), the heartbeat of what runs, the jobs granted, the orders.
/// Reaching the idle timeout or the retire deadline while asking begins draining.
/// </summary>
internal sealed class PilotWork(
    PilotSession session,
    PayloadSupervisor supervisor,
    DrainState drain,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<PilotWork> logger) : IPilotWork
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PilotDeadlines? _deadlines;
    private DateTimeOffset _idleSince;

    /// <summary>A payload ending, or a step of the pilot's life not taken yet (opening, draining, closing): each wakes the exchange once.</summary>
    public Task Changed
    {
        get
        {
            var changes = new List<Task>(4) { supervisor.Changed };
            foreach (var step in (ReadOnlySpan<Task>)[_opened.Task, drain.Begun, _closed.Task])
            {
                if (!step.IsCompleted)
                {
                    changes.Add(step);
                }
            }

            return Task.WhenAny(changes);
        }
    }

    /// <summary>Starts asking for work, within <paramref name="deadlines"/>.</summary>
    public void Open(PilotDeadlines deadlines)
    {
        _deadlines = deadlines;
        _idleSince = time.GetUtcNow();
        _opened.TrySetResult();
    }

    /// <summary>Asks for no more work; a job granted after this is stopped before it starts.</summary>
    public void Close() => _closed.TrySetResult();

    public LeaseRequest? Wanted(DateTimeOffset now)
    {
        if (_deadlines is not { } deadlines || drain.IsDraining || _closed.Task.IsCompleted)
        {
            return null;
        }

        var settings = options.Value;
        if (supervisor.Count > 0)
        {
            _idleSince = now;
        }
        else if (settings.IdleTimeout is { } idle && now - _idleSince >= idle)
        {
            drain.Begin($"idle for {idle.TotalSeconds:0} s (--idle-timeout)");
            return null;
        }

        var maxJobs = settings.Ephemeral ? 1 : settings.MaxJobs > 0 ? settings.MaxJobs : session.Ledger.Total.Cores;
        var slots = maxJobs - supervisor.Count;
        var free = session.Ledger.Free;
        if (slots <= 0 || free.Cores <= 0)
        {
            return null;
        }

        var left = deadlines.LeasableTime(now);
        if (deadlines.ShouldRetire(now) || left == TimeSpan.Zero)
        {
            drain.Begin("retire deadline reached: the allocation's walltime is nearly over");
            return null;
        }

        return new LeaseRequest
        {
            Free = free,
            FreeNodes = session.Ledger.FreePerNode,
            WalltimeLeftSeconds = left is { } l ? (int)l.TotalSeconds : null,
            MaxJobs = slots,
            WaitSeconds = (int)Math.Min(settings.LeaseWait.TotalSeconds, IdleLeft(now)),
        };
    }

    public Heartbeat Heartbeat(DateTimeOffset now) => new()
    {
        Leases = supervisor.Leases,
        Free = session.Ledger.Free,
        Draining = drain.IsDraining,
        DrainReason = drain.Reason,
        NodeBroken = drain.NodeBroken,
        LostNodes = session.Ledger.LostNodes is { Count: > 0 } lost ? lost : null,
        RunningPayloads = supervisor.Count,
        WalltimeLeftSeconds = (long?)session.WalltimeLeft(now)?.TotalSeconds,
    };

    public bool Runs(string leaseId) => supervisor.Runs(leaseId);

    public void Start(LeasedJob job)
    {
        supervisor.Start(job);
        if (_closed.Task.IsCompleted)
        {
            // Granted by an exchange answered while the pilot was leaving: reported evicted, the server requeues it.
            supervisor.Stop(job.LeaseId, StopReason.Evicted, TimeSpan.Zero, drain.Reason);
        }
        else if (options.Value.Ephemeral)
        {
            drain.Begin("ephemeral pilot: one job, then leave");
        }
    }

    public void Obey(PilotCommand command)
    {
        Log.CommandReceived(logger, command.Kind.ToString(), command.LeaseId ?? "", command.Reason);
        switch (command.Kind)
        {
            case PilotCommandKind.Kill when command.LeaseId is { } lease:
                supervisor.Stop(lease, StopReason.Cancelled, TimeSpan.Zero, command.Reason);
                break;
            case PilotCommandKind.SoftKill when command.LeaseId is { } lease:
                supervisor.Stop(lease, StopReason.Cancelled, command.GraceSeconds is { } grace ? TimeSpan.FromSeconds(grace) : options.Value.GracePeriod, command.Reason);
                break;
            case PilotCommandKind.Drain:
                drain.Begin($"the server asked: {command.Reason}");
                break;
            case PilotCommandKind.Shutdown:
                drain.Begin($"the server asked to shut down: {command.Reason}");
                lifetime.StopApplication();
                break;
        }
    }

    public Task ForgetAsync() => supervisor.StopAllAsync(StopReason.Cancelled, TimeSpan.Zero, "the server no longer knows this pilot");

    /// <summary>Seconds until the idle timeout; a lease request waits no longer than that.</summary>
    private double IdleLeft(DateTimeOffset now) =>
        options.Value.IdleTimeout is { } idle && supervisor.Count == 0 ? Math.Max(1, (idle - (now - _idleSince)).TotalSeconds) : double.MaxValue;
}
