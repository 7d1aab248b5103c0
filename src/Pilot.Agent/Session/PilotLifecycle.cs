using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Agent.Leasing;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Agent.Supervision;
using Pilot.Core.Walltime;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Session;

/// <summary>
/// The pilot's life: discovers its allocation, registers, opens for work until it drains, and on the way out evicts
/// what still runs, waits for the server's receipts of every report and deregisters, so every job goes back to the queue.
/// </summary>
internal sealed class PilotLifecycle(
    PilotSession session,
    PilotExchange exchange,
    PilotWork work,
    PayloadSupervisor supervisor,
    DrainState drain,
    WorkDirectoryRemoval workDirectory,
    AgentMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    Random random,
    IOptions<AgentOptions> options,
    ILogger<PilotLifecycle> logger) : BackgroundService
{
    /// <summary>After the grace period, the time to report evicted jobs and exit before the batch system kills the pilot.</summary>
    private static readonly TimeSpan ReportMargin = TimeSpan.FromSeconds(30);

    /// <summary>How long leaving waits for the exchange in flight, and then for the receipts of the last reports.</summary>
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await session.StartAsync(stoppingToken);
            await exchange.RegisterAsync(stoppingToken);
            var deadlines = Deadlines();
            using var die = DieTimer(deadlines);
            work.Open(deadlines);
            await drain.Begun.WaitAsync(stoppingToken);
            Log.Draining(logger, drain.Reason ?? "", supervisor.Count);
            // What the exchange in flight was granted runs too: the drain waits for it.
            await exchange.QuietAsync(ServerWait);
            await supervisor.WaitUntilIdleAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Asked to stop: evict below.
        }

        work.Close();
        await exchange.QuietAsync(ServerWait);
        await EvictAsync();
        await exchange.FlushAsync(ServerWait);
        await exchange.DeregisterAsync(drain.Reason, drain.NodeBroken);
        workDirectory.RemoveIfDelivered();
        lifetime.StopApplication();
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
        await supervisor.StopAllAsync(StopReason.Evicted, options.Value.GracePeriod, drain.Reason);
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
