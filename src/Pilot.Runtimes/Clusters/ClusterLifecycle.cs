using Pilot.Contracts;
using Pilot.Runtimes.Clusters.Dask;
using Pilot.Runtimes.Clusters.K3s;
using Pilot.Runtimes.Execution;
using Pilot.Runtimes.Process;

namespace Pilot.Runtimes.Clusters;

/// <summary>
/// Runs a cluster job: brings up the cluster on the job's nodes, runs its workload, and tears the cluster down however
/// the workload ends (finished, failed, cancelled, evicted) or when the cluster does not come up.
/// </summary>
public sealed class ClusterLifecycle
{
    private readonly DaskCluster _dask;
    private readonly K3sCluster _k3s;
    private readonly TimeProvider _time;

    public ClusterLifecycle(PayloadRunner runner, ClusterOptions options, TimeProvider time)
    {
        _dask = new DaskCluster(runner, options, time);
        _k3s = new K3sCluster(runner, options, time);
        _time = time;
    }

    /// <summary>Runs the job; a cluster that cannot come up throws <see cref="SetupFailedException"/>.</summary>
    public async Task<PayloadResult> RunAsync(PayloadLaunch launch, ClusterPlacement placement, PayloadLog log, PayloadControl control)
    {
        var startedAt = _time.GetUtcNow();
        var spec = launch.Spec.Cluster ?? throw new ArgumentException("the job has no cluster section", nameof(launch));
        var count = spec.Nodes > 0 ? spec.Nodes : launch.Spec.Resources.Nodes;
        if (placement.Nodes.Count < count)
        {
            throw new SetupFailedException($"the {spec.Type} cluster needs {count} nodes but this pilot has {placement.Nodes.Count} ({string.Join(",", placement.Nodes)})");
        }

        var nodes = placement.Nodes.Take(count).ToList();
        try
        {
            return spec.Type switch
            {
                ClusterSpec.DaskType => await _dask.RunAsync(launch, await ClientAsync(launch, log), nodes, placement, log, control),
                ClusterSpec.K3sType when KubernetesSupport.IsSupported => await _k3s.RunAsync(launch, nodes, placement, log, control),
                ClusterSpec.K3sType => throw new SetupFailedException(KubernetesSupport.Missing),
                _ => throw new SetupFailedException($"this pilot cannot run '{spec.Type}' clusters; it runs {ClusterSpec.DaskType} and {ClusterSpec.K3sType}"),
            };
        }
        catch (OperationCanceledException) when (control.Reason is { } reason)
        {
            log.Note($"stopped ({reason}); tearing the {spec.Type} cluster down");
            return new PayloadResult(StopReasons.Outcome(reason), null, startedAt, _time.GetUtcNow(), $"{StopReasons.Describe(reason, control.Why)}; the cluster was torn down");
        }
    }

    private static async Task<PayloadCommand> ClientAsync(PayloadLaunch launch, PayloadLog log)
    {
        var process = new ProcessRuntime();
        return process.BuildCommand(await process.PrepareAsync(launch, log, CancellationToken.None));
    }

}
