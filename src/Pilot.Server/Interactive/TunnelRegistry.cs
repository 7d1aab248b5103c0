using System.Collections.Concurrent;

namespace Pilot.Server.Interactive;

/// <summary>The tunnels agents hold to this server, one per running interactive job; a reconnect replaces the old one.</summary>
internal sealed class TunnelRegistry(InteractiveMetrics metrics)
{
    private readonly ConcurrentDictionary<long, AgentTunnel> _tunnels = new();

    public AgentTunnel? Find(long jobId) => _tunnels.GetValueOrDefault(jobId);

    /// <summary>Holds <paramref name="tunnel"/> until its control WebSocket ends.</summary>
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
            await tunnel.RunAsync(cancellationToken);
        }
        finally
        {
            _tunnels.TryRemove(new KeyValuePair<long, AgentTunnel>(tunnel.JobId, tunnel));
            metrics.Closed();
        }
    }
}
