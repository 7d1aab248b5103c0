using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// This pilot's node in a site's cluster: a <c>k3s agent</c> that registers labelled and tainted with the pilot, and
/// leaves by draining through the API before the pilot's walltime ends.
/// </summary>
public sealed partial class SiteNode(PayloadRunner runner, ClusterOptions options, TimeProvider time, SiteNodeSettings settings) : IAsyncDisposable
{
    private readonly K3sPorts _ports = K3sPorts.Free();
    private ClusterDaemon? _daemon;

    /// <summary>The node's name in the site cluster, derived from the pilot id (lower case, DNS-safe).</summary>
    public string Name { get; } = "pilot-" + UnsafeNameCharacters().Replace(settings.PilotId.ToLowerInvariant(), "-");

    public PayloadCommand Command => new K3sCommands(options).Agent(settings.ServerUrl, Node(), new Dictionary<string, string>(), settings.DataDirectory);

    /// <summary>Completes when the k3s agent ends by itself (it should live as long as the pilot).</summary>
    public Task Exited => _daemon?.Exited ?? Task.CompletedTask;

    public void Start()
    {
        Directory.CreateDirectory(settings.DataDirectory);
        _daemon = new ClusterDaemon("k3s-site-agent", Command, runner, settings.DataDirectory, $"site-node-{settings.PilotId}");
    }

    /// <summary>Cordons, evicts and deletes the node through <paramref name="api"/>, then stops k3s; k3s is stopped even when the API fails.</summary>
    public async Task<DrainReport> LeaveAsync(IKubernetes api, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await new NodeDrain(api, time, settings.EvictionRetry).DrainAsync(Name, deadline, cancellationToken);
        }
        finally
        {
            await StopAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _daemon, null) is { } daemon)
        {
            await daemon.StopAsync(options.StopGrace);
            await daemon.DisposeAsync();
        }
    }

    private K3sNode Node()
    {
        var labels = new Dictionary<string, string>
        {
            [K3sCluster.LabelPrefix + "pilot-id"] = settings.PilotId,
            [K3sCluster.LabelPrefix + "cores"] = settings.Cores.ToString(CultureInfo.InvariantCulture),
            [K3sCluster.LabelPrefix + "memory-mb"] = settings.MemoryMb.ToString(CultureInfo.InvariantCulture),
            [K3sCluster.LabelPrefix + "gpus"] = settings.Gpus.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.WalltimeEnd is { } end)
        {
            labels[K3sCluster.LabelPrefix + "walltime-end"] = end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        return new K3sNode
        {
            Name = Name,
            DataDirectory = settings.DataDirectory,
            TokenFile = settings.TokenFile,
            Ports = _ports,
            Share = new NodeShare(settings.Cores, settings.MemoryMb, settings.Gpus, settings.MachineCores, settings.MachineMemoryMb),
            Labels = labels,
            Taints = [$"{K3sCluster.LabelPrefix}pilot={settings.PilotId}:NoSchedule"],
            Rootless = !Environment.IsPrivilegedProcess,
        };
    }

    [GeneratedRegex("[^a-z0-9.-]")]
    private static partial Regex UnsafeNameCharacters();
}
