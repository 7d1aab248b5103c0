using System.Collections.Concurrent;

namespace Pilot.Server.Interactive;

/// <summary>The tunnels agents hold to this server, one per running interactive job; a reconnect replaces the old one.</summary>
internal sealed class TunnelRegistry(InteractiveMetrics metrics, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<long, AgentTunnel> _tunnels = new();

    public AgentTunnel? Find(long jobId) => _tunnels.GetValueOrDefault(jobId);

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
            await tunnel.RunAsync(serving.Token);
        }
        finally
        {
            _tunnels.TryRemove(new KeyValuePair<long, AgentTunnel>(tunnel.JobId, tunnel));
            metrics.Closed();
        }
    }
}
