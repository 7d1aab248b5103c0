using Pilot.Server.Monitoring;
using Prometheus;

namespace Pilot.Server.Interactive;

/// <summary>Interactive sessions in the server's registry: tunnels connected now, bytes through them, reconnects.</summary>
internal sealed class InteractiveMetrics
{
    private readonly Gauge _open;
    private readonly Counter.Child _toService;
    private readonly Counter.Child _toBrowser;
    private readonly Counter _reconnects;

    public InteractiveMetrics(ServerMetrics metrics)
    {
        _open = metrics.Factory.CreateGauge("pilot_interactive_sessions_open", "Interactive jobs whose agent holds a tunnel to this server now.");
        var bytes = metrics.Factory.CreateCounter("pilot_tunnel_bytes_total", "Bytes carried through interactive tunnels, by direction.", ["direction"]);
        _toService = bytes.WithLabels("to_service");
        _toBrowser = bytes.WithLabels("to_browser");
        _reconnects = metrics.Factory.CreateCounter("pilot_tunnel_reconnects_total", "Tunnels an agent connected again after losing one for the same attempt.");
    }

    public void Opened(bool reconnect)
    {
        _open.Inc();
        if (reconnect)
        {
            _reconnects.Inc();
        }
    }

    public void Closed() => _open.Dec();

    public void ToService(int bytes) => _toService.Inc(bytes);

    public void ToBrowser(int bytes) => _toBrowser.Inc(bytes);
}
