using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Agent.Session;
using Pilot.Agent.Supervision;
using Pilot.Contracts;
using Pilot.Core.Walltime;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Leasing;

/// <summary>
/// The pilot's main loop: asks the server for work that fits what is free and the walltime left, hands it to the
/// supervisor, and on the way out evicts what still runs so every job goes back to the queue.
/// </summary>
internal sealed class LeaseLoop(
    IPilotApi api,
    PilotSession session,
    PayloadSupervisor supervisor,
    DrainState drain,
    WorkDirectoryRemoval workDirectory,
    AgentMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    Random random,
    IOptions<AgentOptions> options,
    ILogger<LeaseLoop> logger) : BackgroundService
{
    /// <summary>After the grace period, the time to report evicted jobs and exit before the batch system kills the pilot.</summary>
    private static readonly TimeSpan ReportMargin = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await session.StartAsync(stoppingToken);
            var deadlines = Deadlines();
            using var die = DieTimer(deadlines);
            await LeaseUntilDrainingAsync(deadlines, stoppingToken);
            if (!stoppingToken.IsCancellationRequested)
            {
                Log.Draining(logger, drain.Reason ?? "", supervisor.Count);
                await supervisor.WaitUntilIdleAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Asked to stop: evict below.
        }

        await EvictAsync();
        await session.DeregisterAsync(drain.Reason, drain.NodeBroken);
        workDirectory.RemoveIfDelivered();
        lifetime.StopApplication();
    }

    private async Task LeaseUntilDrainingAsync(PilotDeadlines deadlines, CancellationToken stoppingToken)
    {
        using var leasing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, drain.Token);
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random);
        var settings = options.Value;
        var maxJobs = settings.Ephemeral ? 1 : settings.MaxJobs > 0 ? settings.MaxJobs : session.Ledger.Total.Cores;
        var idleSince = time.GetUtcNow();
        while (!leasing.IsCancellationRequested)
        {
            var changed = supervisor.Changed;
            var free = session.Ledger.Free;
            var slots = maxJobs - supervisor.Count;
            var now = time.GetUtcNow();
            if (supervisor.Count > 0)
            {
                idleSince = now;
            }
            else if (settings.IdleTimeout is { } idle && now - idleSince >= idle)
            {
                drain.Begin($"idle for {idle.TotalSeconds:0} s (--idle-timeout)");
                return;
            }

            if (slots <= 0 || free.Cores <= 0)
            {
                // Draining cuts the wait short; the loop condition then ends leasing.
                await changed.WaitAsync(leasing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var left = deadlines.LeasableTime(now);
            if (deadlines.ShouldRetire(now) || left == TimeSpan.Zero)
            {
                drain.Begin("retire deadline reached: the allocation's walltime is nearly over");
                return;
            }

            try
            {
                var request = new LeaseRequest
                {
                    Free = free,
                    FreeNodes = session.Ledger.FreePerNode,
                    WalltimeLeftSeconds = left is { } l ? (int)l.TotalSeconds : null,
                    MaxJobs = slots,
                    WaitSeconds = (int)Math.Min(settings.LeaseWait.TotalSeconds, IdleLeft(idleSince, now)),
                };
                var asked = time.GetTimestamp();
                var response = await api.LeaseAsync(session.PilotId, request, leasing.Token);
                metrics.LeaseRequested(time.GetElapsedTime(asked), response.Jobs.Count);
                foreach (var job in response.Jobs)
                {
                    supervisor.Start(job);
                }

                if (settings.Ephemeral && response.Jobs.Count > 0)
                {
                    drain.Begin("ephemeral pilot: one job, then leave");
                }

                backoff.Reset();
            }
            catch (OperationCanceledException) when (drain.IsDraining && !stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (ServerErrors.Is(e, HttpStatusCode.NotFound))
            {
                metrics.LeaseFailed();
                await session.RegisterAsync(leasing.Token);
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !leasing.IsCancellationRequested)
            {
                metrics.LeaseFailed();
                Log.ServerUnreachable(logger, "lease", settings.Server, e.Message);
                await backoff.DelayAsync(time, leasing.Token);
            }
        }
    }

    /// <summary>Seconds until the idle timeout; a lease request waits no longer than that.</summary>
    private double IdleLeft(DateTimeOffset idleSince, DateTimeOffset now) =>
        options.Value.IdleTimeout is { } idle && supervisor.Count == 0 ? Math.Max(1, (idle - (now - idleSince)).TotalSeconds) : double.MaxValue;

    private async Task EvictAsync()
    {
        if (supervisor.Count == 0)
        {
            return;
        }

        var started = time.GetTimestamp();
        var count = supervisor.Count;
        metrics.Evicted();
        Log.Evicting(logger, count, options.Value.GracePeriod.TotalSeconds);
        await supervisor.StopAllAsync(StopReason.Evicted, options.Value.GracePeriod);
        Log.Evicted(logger, count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private PilotDeadlines Deadlines()
    {
        var settings = options.Value;
        var policy = new WalltimePolicy(settings.GracePeriod, ReportMargin, settings.MaxJobLength, settings.DeadlineSpread, settings.SignalLead);
        var deadlines = PilotDeadlines.Compute(session.Allocation.WalltimeEnd, time.GetUtcNow(), policy, random);
        Log.Deadlines(logger, Format(deadlines.Retire), Format(deadlines.Die), Format(session.Allocation.WalltimeEnd));
        return deadlines;
    }

    /// <summary>At the die deadline the pilot stops as if signalled: drain, evict, report, exit 0.</summary>
    private ITimer? DieTimer(PilotDeadlines deadlines) =>
        deadlines.UntilDie(time.GetUtcNow()) is { } due
            ? time.CreateTimer(
                _ =>
                {
                    Log.DieDeadline(logger);
                    drain.Begin("die deadline reached: leaving before the allocation ends");
                    lifetime.StopApplication();
                },
                null,
                due,
                Timeout.InfiniteTimeSpan)
            : null;

    private static string Format(DateTimeOffset? at) => at?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never";
}
