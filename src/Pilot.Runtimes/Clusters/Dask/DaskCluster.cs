using System.Text.Json;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters.Dask;

/// <summary>
/// A private Dask cluster for one client: the scheduler on the first node, workers on every node, the client with
/// <c>DASK_SCHEDULER_ADDRESS</c>, and everything stopped when the client ends.
/// </summary>
internal sealed class DaskCluster(PayloadRunner runner, ClusterOptions options, TimeProvider time)
{
    public const string AddressVariable = "DASK_SCHEDULER_ADDRESS";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly DaskCommands _commands = new(options);

    public async Task<PayloadResult> RunAsync(PayloadLaunch launch, PayloadCommand client, IReadOnlyList<string> nodes, ClusterPlacement placement, PayloadLog log, PayloadControl control)
    {
        var spec = launch.Spec.Cluster!;
        var directory = Path.Combine(launch.ScratchDirectory, "dask");
        Directory.CreateDirectory(directory);
        await using var daemons = new ClusterDaemons(runner, log, directory, launch.LeaseId, options.StopGrace);
        using var startup = new StartupDeadline(spec.StartupTimeout, control, time);
        var address = await startup.GuardAsync(token => BringUpAsync(launch, nodes, placement, daemons, directory, token), $"the Dask cluster on {string.Join(",", nodes)}");
        log.Note($"dask cluster up at {address}: {nodes.Count * spec.WorkersPerNode} workers on {string.Join(",", nodes)}");
        var environment = new Dictionary<string, string>(client.Environment) { [AddressVariable] = address };
        // The client's own marker is a part of the attempt's: sweeping after it ends leaves the cluster to its orderly stop.
        return await runner.RunAsync(client with { Environment = environment }, log, control, $"{launch.LeaseId}{MarkerSweeper.PartSeparator}client");
    }

    private async Task<string> BringUpAsync(PayloadLaunch launch, IReadOnlyList<string> nodes, ClusterPlacement placement, ClusterDaemons daemons, string directory, CancellationToken cancellationToken)
    {
        var spec = launch.Spec.Cluster!;
        var schedulerFile = Path.Combine(directory, "scheduler.json");
        var scheduler = daemons.Start("dask-scheduler", _commands.Scheduler(placement.HeadAddress, schedulerFile, launch.Environment, directory));
        var address = await WaitForAddressAsync(schedulerFile, scheduler, cancellationToken);

        var shape = DaskWorkerShape.For(launch.Spec.Resources, spec.WorkersPerNode);
        foreach (var node in nodes)
        {
            daemons.Start($"dask-worker-{node}", NodeLauncher.On(placement, node, _commands.Worker(address, node, shape, launch.Environment, directory), launch.Spec.Resources.Cores));
        }

        var expected = nodes.Count * spec.WorkersPerNode;
        var probe = _commands.WaitForWorkers(schedulerFile, expected, spec.StartupTimeout, directory);
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var registered = daemons.RunHelperAsync("dask-readiness-probe", probe, probing.Token);
        var broken = daemons.FirstExitAsync();
        if (await Task.WhenAny(registered, broken) == broken)
        {
            await probing.CancelAsync();
            throw new SetupFailedException($"the Dask cluster broke while starting: {ClusterDaemons.Describe(await broken)}");
        }

        var (result, tail) = await registered;
        if (result.ExitCode != 0)
        {
            var last = tail.Count > 0 ? tail[^1] : "";
            throw new SetupFailedException($"the {expected} Dask workers did not all register with the scheduler at {address} within {spec.StartupTimeout}: {last}");
        }

        return address;
    }

    /// <summary>The scheduler writes its address, with the port it chose, into the scheduler file once it listens.</summary>
    private async Task<string> WaitForAddressAsync(string schedulerFile, ClusterDaemon scheduler, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ReadAddress(schedulerFile) is { } address)
            {
                return address;
            }

            if (scheduler.Exited.IsCompleted)
            {
                throw new SetupFailedException($"the Dask scheduler did not start: {ClusterDaemons.Describe(scheduler)}");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static string? ReadAddress(string schedulerFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(schedulerFile));
            return document.RootElement.TryGetProperty("address", out var address) ? address.GetString() : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
