using System.Globalization;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>The exact <c>k3s server</c> and <c>k3s agent</c> command lines, to k3s' documented CLI.</summary>
internal sealed class K3sCommands(ClusterOptions options)
{
    /// <summary>A server that is also the cluster's first node; it writes a kubeconfig for the pilot to use.</summary>
    public PayloadCommand Server(K3sNode node, string kubeconfig, IReadOnlyDictionary<string, string> environment, string directory)
    {
        List<string> arguments =
        [
            "server",
            "--https-port", Port(node.Ports.Api),
            "--write-kubeconfig", kubeconfig,
            "--write-kubeconfig-mode", "0600",
            "--disable", "traefik",
            "--disable", "servicelb",
            "--disable", "metrics-server",
            $"--kube-controller-manager-arg=secure-port={Port(node.Ports.ControllerManager)}",
            $"--kube-scheduler-arg=secure-port={Port(node.Ports.Scheduler)}",
            .. NodeArguments(node),
        ];
        return new PayloadCommand(options.K3s, arguments, environment, directory);
    }

    /// <summary>A node that joins the server at <paramref name="serverUrl"/>: the private cluster's head, or a site's own server.</summary>
    public PayloadCommand Agent(string serverUrl, K3sNode node, IReadOnlyDictionary<string, string> environment, string directory)
    {
        List<string> arguments =
        [
            "agent",
            "--server", serverUrl,
            "--lb-server-port", Port(node.Ports.AgentLoadBalancer),
            .. NodeArguments(node),
        ];
        return new PayloadCommand(options.K3s, arguments, environment, directory);
    }

    private static IEnumerable<string> NodeArguments(K3sNode node)
    {
        yield return "--data-dir";
        yield return node.DataDirectory;
        yield return "--node-name";
        yield return node.Name;
        yield return "--token-file";
        yield return node.TokenFile;
        yield return $"--kubelet-arg=port={Port(node.Ports.Kubelet)}";
        yield return $"--kubelet-arg=healthz-port={Port(node.Ports.KubeletHealth)}";
        if (node.Share.SystemReserved() is { } reserved)
        {
            yield return $"--kubelet-arg={reserved}";
        }

        yield return $"--kube-proxy-arg=healthz-bind-address=127.0.0.1:{Port(node.Ports.ProxyHealth)}";
        yield return $"--kube-proxy-arg=metrics-bind-address=127.0.0.1:{Port(node.Ports.ProxyMetrics)}";
        foreach (var (key, value) in node.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yield return "--node-label";
            yield return $"{key}={value}";
        }

        foreach (var taint in node.Taints)
        {
            yield return "--node-taint";
            yield return taint;
        }

        if (node.Rootless)
        {
            yield return "--rootless";
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
