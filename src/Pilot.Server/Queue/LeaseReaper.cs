using Microsoft.Extensions.Options;
using Pilot.Server.Monitoring;
using Pilot.Server.Storage;

namespace Pilot.Server.Queue;

/// <summary>Requeues the jobs of pilots that stopped renewing their leases (killed, lost node, cut network).</summary>
internal sealed class LeaseReaper(IJobStore store, ServerMetrics metrics, TimeProvider time, IOptions<ServerOptions> options, ILogger<LeaseReaper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.LeaseTtl / 4;
        using var timer = new PeriodicTimer(period < TimeSpan.FromSeconds(1) ? period : TimeSpan.FromSeconds(1), time);
        while (await WaitForTickAsync(timer, stoppingToken))
        {
            try
            {
                var expired = await store.ExpireLeasesAsync(stoppingToken);
                if (expired > 0)
                {
                    metrics.LeasesExpired(expired);
                    Log.LeasesExpired(logger, expired);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.LeaseExpiryFailed(logger, e);
            }
        }
    }

    /// <summary>False when the host stops; the timer is disposed with it.</summary>
    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
