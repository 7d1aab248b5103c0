using System.Collections.Concurrent;

namespace Pilot.Server.Interactive;

/// <summary>
/// The tunnels agents hold to this server, one per running interactive job; a reconnect replaces the old one. Each is
/// recorded in the <see cref="TunnelDirectory"/> while it lasts, so the other servers of the database find it.
/// </summary>
internal sealed class TunnelRegistry(TunnelDirectory directory, InteractiveMetrics metrics, IHostApplicationLifetime lifetime, ILogger<TunnelRegistry> logger)
{
    private readonly ConcurrentDictionary<long, AgentTunnel> _tunnels = new();

    public AgentTunnel? Find(long jobId) => _tunnels.GetValueOrDefault(jobId);

    /// <summary>Here, else (unless <paramref name="elsewhere"/> is false: a relayed request goes no further) the server holding it.</summary>
    public async Task<TunnelPlace> LocateAsync(long jobId, bool elsewhere, CancellationToken cancellationToken)
    {
        if (Find(jobId) is { } here)
        {
            return new TunnelPlace(here, null);
        }

        return elsewhere && await directory.FindHolderAsync(jobId, cancellationToken) is { } holder ? new TunnelPlace(null, holder) : TunnelPlace.Nowhere;
    }

    /// <summary>Ends with a request or with the server: tunnels are long requests that must not hold up a graceful stop.</summary>
    public CancellationTokenSource UntilStopping(CancellationToken requestAborted) =>
        CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);

    /// <summary>Holds <paramref name="tunnel"/> until its control WebSocket ends or the server stops.</summary>
    public async Task ServeAsync(AgentTunnel tunnel, bool reconnect, CancellationToken cancellationToken)
    {
        AgentTunnel? replaced = null;
        _tunnels.AddOrUpdate(tunnel.JobId, tunnel, (_, old) =>
        {
            replaced = old;
            return tunnel;
        });
        replaced?.Abort();
        metrics.Opened(reconnect);
        try
        {
            using var serving = UntilStopping(cancellationToken);
            await directory.RecordAsync(tunnel.JobId, serving.Token);
            await tunnel.RunAsync(serving.Token);
        }
        finally
        {
            if (_tunnels.TryRemove(new KeyValuePair<long, AgentTunnel>(tunnel.JobId, tunnel)))
            {
                await ForgetAsync(tunnel.JobId);
            }

            metrics.Closed();
        }
    }

    private async Task ForgetAsync(long jobId)
    {
        try
        {
            await directory.ForgetAsync(jobId);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // The row stays until the agent connects again elsewhere or this server starts again; a relay to here answers 503 meanwhile.
            Log.TunnelRowLeft(logger, jobId, e.Message);
        }
    }
}
