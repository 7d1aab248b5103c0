using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Session;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Clusters.K3s;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.SiteCluster;

/// <summary>
/// Makes this pilot's node part of the site's cluster for as long as the pilot lives, and takes it out again
/// (<see cref="SiteClusterOptions.LeaveBefore"/> the walltime end, or when the pilot is stopped) without losing pods.
/// </summary>
internal sealed class SiteClusterMembership(
    PilotSession session,
    PilotExchange exchange,
    PayloadRunner runner,
    ClusterOptions clusters,
    IOptions<SiteClusterOptions> options,
    IOptions<AgentOptions> agent,
    TimeProvider time,
    ILogger<SiteClusterMembership> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Server))
        {
            return;
        }

        try
        {
            await exchange.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess && CgroupDelegation.ProblemForRootless() is { } problem)
        {
            Log.SiteClusterRefused(logger, settings.Server, problem);
            return;
        }

        await using var node = new SiteNode(runner, clusters, time, NodeSettings(settings));
        node.Start();
        Log.SiteClusterJoining(logger, node.Name, settings.Server, node.Command.ToString());
        var end = session.Allocation.WalltimeEnd;
        await WaitForLeaveAsync(end, settings.LeaveBefore, node.Exited, stoppingToken);

        var now = time.GetUtcNow();
        var deadline = stoppingToken.IsCancellationRequested || end is null
            ? now + agent.Value.GracePeriod
            : Min(end.Value, now + settings.LeaveBefore);
        try
        {
            using var api = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(settings.Kubeconfig));
            var report = await node.LeaveAsync(api, deadline, CancellationToken.None);
            Log.SiteClusterLeft(logger, node.Name, report.Evicted.Count, string.Join(",", report.Blocked));
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or k8s.Exceptions.KubeConfigException or IOException)
        {
            Log.SiteClusterLeaveFailed(logger, node.Name, e.Message);
        }
    }

    private async Task WaitForLeaveAsync(DateTimeOffset? end, TimeSpan leaveBefore, Task agentExited, CancellationToken stoppingToken)
    {
        var wait = end is { } e ? e - leaveBefore - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        try
        {
            await Task.WhenAny(Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stoppingToken), agentExited);
        }
        catch (OperationCanceledException)
        {
            // Stopping: leave now, within the grace period.
        }
    }

    private SiteNodeSettings NodeSettings(SiteClusterOptions settings) => new()
    {
        ServerUrl = settings.Server!,
        TokenFile = settings.TokenFile!,
        DataDirectory = Path.Combine(agent.Value.WorkDirectory, "site-node"),
        PilotId = exchange.PilotId,
        WalltimeEnd = session.Allocation.WalltimeEnd,
        Cores = session.Ledger.Total.Cores,
        MemoryMb = session.Ledger.Total.MemoryMb,
        Gpus = session.Ledger.Total.Gpus,
        MachineMemoryMb = MemInfo.TotalMb(),
        EvictionRetry = settings.EvictionRetry,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
