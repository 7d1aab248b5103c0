using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters.K3s;

/// <summary>
/// A private k3s cluster for one workload: <c>k3s server</c> on the first node, <c>k3s agent</c> on the others, the
/// workload's objects applied once every node is Ready, and the whole cluster stopped when the workload ends.
/// </summary>
internal sealed class K3sCluster(PayloadRunner runner, ClusterOptions options, TimeProvider time)
{
    public const string LabelPrefix = "pilot.dev/";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly K3sCommands _commands = new(options);

    public async Task<PayloadResult> RunAsync(PayloadLaunch launch, IReadOnlyList<string> nodes, ClusterPlacement placement, PayloadLog log, PayloadControl control)
    {
        var spec = launch.Spec.Cluster!;
        var rootless = !Environment.IsPrivilegedProcess;
        if (rootless && CgroupDelegation.ProblemForRootless() is { } problem)
        {
            throw new SetupFailedException(problem);
        }

        var objects = WorkloadManifests.Load(launch, nodes.Count);
        var directory = Path.Combine(launch.ScratchDirectory, "k3s");
        Directory.CreateDirectory(directory);
        await using var daemons = new ClusterDaemons(runner, log, directory, launch.LeaseId, options.StopGrace);
        using var startup = new StartupDeadline(spec.StartupTimeout, control, time);
        var what = $"the k3s cluster on {string.Join(",", nodes)}";
        using var client = await startup.GuardAsync(token => BringUpAsync(launch, nodes, placement, rootless, daemons, directory, token), what);
        log.Note($"k3s cluster up: {nodes.Count} nodes Ready");
        return await new WorkloadRun(client, log, time).RunAsync(objects, spec.Namespace, control.StopRequested);
    }

    /// <summary>The k3s node for <paramref name="name"/>, advertising the job's per-node share and labelled with the job.</summary>
    public static K3sNode Node(PayloadLaunch launch, string name, string directory, K3sPorts ports, ClusterPlacement placement, bool rootless)
    {
        var resources = launch.Spec.Resources;
        return new K3sNode
        {
            Name = name,
            DataDirectory = Path.Combine(directory, "data-" + name),
            TokenFile = Path.Combine(directory, "token"),
            Ports = ports,
            Share = new NodeShare(resources.Cores, resources.MemoryMb, resources.Gpus, placement.MachineCores, placement.MachineMemoryMb),
            Labels = new Dictionary<string, string>
            {
                [LabelPrefix + "job-id"] = launch.JobId.ToString(CultureInfo.InvariantCulture),
                [LabelPrefix + "cores"] = resources.Cores.ToString(CultureInfo.InvariantCulture),
                [LabelPrefix + "memory-mb"] = resources.MemoryMb.ToString(CultureInfo.InvariantCulture),
                [LabelPrefix + "gpus"] = resources.Gpus.ToString(CultureInfo.InvariantCulture),
            },
            Rootless = rootless,
        };
    }

    private async Task<Kubernetes> BringUpAsync(
        PayloadLaunch launch, IReadOnlyList<string> nodes, ClusterPlacement placement, bool rootless, ClusterDaemons daemons, string directory, CancellationToken cancellationToken)
    {
        var ports = K3sPorts.Free();
        var kubeconfig = Path.Combine(directory, "kubeconfig.yaml");
        var head = Node(launch, nodes[0], directory, ports, placement, rootless);
        WriteToken(head.TokenFile);
        daemons.Start("k3s-server", _commands.Server(head, kubeconfig, launch.Environment, directory));
        var serverUrl = $"https://{placement.HeadAddress}:{ports.Api.ToString(CultureInfo.InvariantCulture)}";
        foreach (var name in nodes.Skip(1))
        {
            var agent = _commands.Agent(serverUrl, Node(launch, name, directory, ports, placement, rootless), launch.Environment, directory);
            daemons.Start($"k3s-agent-{name}", NodeLauncher.On(placement, name, agent, launch.Spec.Resources.Cores));
        }

        while (!File.Exists(kubeconfig))
        {
            daemons.ThrowIfAnyExited("k3s");
            await Task.Delay(PollInterval, time, cancellationToken);
        }

        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        while (await ReadyNodesAsync(client, cancellationToken) < nodes.Count)
        {
            daemons.ThrowIfAnyExited("k3s");
            await Task.Delay(PollInterval, time, cancellationToken);
        }

        if (launch.Spec.Resources.Gpus > 0)
        {
            await AdvertiseGpusAsync(client, nodes, launch.Spec.Resources.Gpus, cancellationToken);
        }

        return client;
    }

    private static async Task<int> ReadyNodesAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
            return list.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            return 0;
        }
    }

    /// <summary>GPUs become an extended resource in the node's capacity, the documented way without a device plugin.</summary>
    private static async Task AdvertiseGpusAsync(Kubernetes client, IReadOnlyList<string> nodes, int gpus, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(GpuCapacityPatch(gpus), V1Patch.PatchType.MergePatch);
        foreach (var node in nodes)
        {
            await client.CoreV1.PatchNodeStatusAsync(patch, node, cancellationToken: cancellationToken);
        }
    }

    public static string GpuCapacityPatch(int gpus) =>
        new JsonObject { ["status"] = new JsonObject { ["capacity"] = new JsonObject { [NodeShare.GpuResource] = gpus.ToString(CultureInfo.InvariantCulture) } } }.ToJsonString();

    private static void WriteToken(string path)
    {
        using var file = File.Create(path, 4096, FileOptions.None);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var writer = new StreamWriter(file);
        writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }
}
