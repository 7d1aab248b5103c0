using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Agent.Monitoring;
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
    AgentMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<LeaseLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await session.StartAsync(stoppingToken);
            await LeaseUntilDrainingAsync(stoppingToken);
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
        await session.DeregisterAsync();
        lifetime.StopApplication();
    }

    private async Task LeaseUntilDrainingAsync(CancellationToken stoppingToken)
    {
        using var leasing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, drain.Token);
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var budget = Budget();
        var maxJobs = options.Value.MaxJobs > 0 ? options.Value.MaxJobs : session.Ledger.Total.Cores;
        while (!leasing.IsCancellationRequested)
        {
            var changed = supervisor.Changed;
            var free = session.Ledger.Free;
            var slots = maxJobs - supervisor.Count;
            if (slots <= 0 || free.Cores <= 0)
            {
                await changed.WaitAsync(leasing.Token);
                continue;
            }

            var left = budget.LeasableTime(time.GetUtcNow());
            if (left == TimeSpan.Zero)
            {
                drain.Begin("the allocation's walltime is nearly over");
                return;
            }

            try
            {
                var request = new LeaseRequest
                {
                    Free = free,
                    WalltimeLeftSeconds = left is { } l ? (int)l.TotalSeconds : null,
                    MaxJobs = slots,
                    WaitSeconds = (int)options.Value.LeaseWait.TotalSeconds,
                };
                var asked = time.GetTimestamp();
                var response = await api.LeaseAsync(session.PilotId, request, leasing.Token);
                metrics.LeaseRequested(time.GetElapsedTime(asked), response.Jobs.Count);
                foreach (var job in response.Jobs)
                {
                    supervisor.Start(job);
                }

                backoff.Reset();
            }
            catch (Exception e) when (ServerErrors.Is(e, HttpStatusCode.NotFound))
            {
                metrics.LeaseFailed();
                await session.RegisterAsync(leasing.Token);
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !leasing.IsCancellationRequested)
            {
                metrics.LeaseFailed();
                Log.ServerUnreachable(logger, "lease", options.Value.Server, e.Message);
                await backoff.DelayAsync(time, leasing.Token);
            }
        }
    }

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

    private WalltimeBudget Budget() =>
        new(session.Allocation.WalltimeEnd, options.Value.GracePeriod + TimeSpan.FromSeconds(30));
}
