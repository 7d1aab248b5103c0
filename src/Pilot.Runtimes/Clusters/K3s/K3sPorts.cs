using System.Net;
using System.Net.Sockets;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// The ports a private k3s cluster listens on, chosen free on this node so that several pilots (or a site's own
/// Kubernetes) can share it: API server, kubelet, and the components' health and metrics ports.
/// </summary>
internal sealed record K3sPorts(int Api, int Kubelet, int KubeletHealth, int ControllerManager, int Scheduler, int ProxyHealth, int ProxyMetrics, int AgentLoadBalancer)
{
    public static K3sPorts Free()
    {
        var listeners = Enumerable.Range(0, 8).Select(_ => new TcpListener(IPAddress.Any, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var p = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return new K3sPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
