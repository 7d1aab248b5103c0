using Microsoft.Extensions.Options;
using Pilot.Server.Coordination;
using Pilot.Server.Monitoring;
using Pilot.Server.Storage;

namespace Pilot.Server.Queue;

/// <summary>
/// Requeues the jobs of pilots that stopped renewing their leases (killed, lost node, cut network). Time the server
/// itself was not running does not count: at start-up, and after a gap of more than two TTLs between passes (the
/// process was stopped or frozen), every running lease gets one fresh TTL for its pilot to heartbeat again. Of the
/// servers sharing a database, only the leader reaps; a server taking over counts its gap from the start of its term.
/// </summary>
internal sealed class LeaseReaper(
    IJobStore store, ServerMetrics metrics, TimeProvider time, IOptions<ServerOptions> options, ILeadership leadership, ILogger<LeaseReaper> logger)
    : SingletonService(leadership)
{
    private long _lastPass;

    /// <summary>Resumes before the server takes requests, so no report or heartbeat meets a lease that expired while it was down.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ResumeAsync(TimeSpan.Zero, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task LeadAsync(CancellationToken term)
    {
        _lastPass = time.GetTimestamp();
        var ttl = options.Value.LeaseTtl;
        var period = ttl / 4;
        using var timer = new PeriodicTimer(period < TimeSpan.FromSeconds(1) ? period : TimeSpan.FromSeconds(1), time);
        while (await WaitForTickAsync(timer, term))
        {
            try
            {
                var gap = time.GetElapsedTime(_lastPass);
                if (gap > 2 * ttl)
                {
                    await ResumeAsync(gap, term);
                    continue;
                }

                _lastPass = time.GetTimestamp();
                var expired = await store.ExpireLeasesAsync(term);
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

    private async Task ResumeAsync(TimeSpan gap, CancellationToken cancellationToken)
    {
        _lastPass = time.GetTimestamp();
        var resumed = await store.ResumeLeasesAsync(cancellationToken);
        Log.LeasesResumed(logger, resumed, gap.TotalSeconds, options.Value.LeaseTtl.TotalSeconds);
    }

    /// <summary>False when the term ends or the host stops; the timer is disposed with it.</summary>
    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken term)
    {
        try
        {
            return await timer.WaitForNextTickAsync(term);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
