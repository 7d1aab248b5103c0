using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters;

/// <summary>
/// The daemons of one cluster. Disposing stops them in reverse start order (workers before their head), sweeps their
/// markers and copies the end of each daemon's log into the attempt's log.
/// </summary>
internal sealed class ClusterDaemons(PayloadRunner runner, PayloadLog attemptLog, string directory, string markerPrefix, TimeSpan grace) : IAsyncDisposable
{
    private const int TailLines = 30;

    private readonly List<ClusterDaemon> _daemons = [];
    private readonly List<ClusterDaemon> _helpers = [];

    public IReadOnlyList<ClusterDaemon> All => _daemons;

    public ClusterDaemon Start(string name, PayloadCommand command)
    {
        attemptLog.Note($"starting {name}: {command}");
        var daemon = new ClusterDaemon(name, command, runner, directory, $"{markerPrefix}{MarkerSweeper.PartSeparator}{name}");
        _daemons.Add(daemon);
        return daemon;
    }

    /// <summary>
    /// Runs a short helper of the cluster's start-up (a readiness probe) contained like a daemon: its own process group,
    /// a part of the attempt's marker, killed with a pilot killed outright, and stopped when
    /// <paramref name="cancellationToken"/> fires or the cluster is disposed, so none outlives the attempt.
    /// </summary>
    public async Task<(PayloadResult Result, IReadOnlyList<string> Tail)> RunHelperAsync(string name, PayloadCommand command, CancellationToken cancellationToken)
    {
        var helper = new ClusterDaemon(name, command, runner, directory, $"{markerPrefix}{MarkerSweeper.PartSeparator}{name}");
        _helpers.Add(helper);
        using (cancellationToken.Register(() => _ = helper.StopAsync(TimeSpan.Zero)))
        {
            var result = await helper.Exited;
            cancellationToken.ThrowIfCancellationRequested();
            return (result, helper.Tail(3));
        }
    }

    /// <summary>Completes with the first daemon that ends on its own; a cluster that loses a daemon is broken.</summary>
    public async Task<ClusterDaemon> FirstExitAsync()
    {
        var exited = await Task.WhenAny(_daemons.Select(async d => { await d.Exited.ContinueWith(_ => { }, TaskScheduler.Default); return d; }));
        return await exited;
    }

    /// <summary>Fails the start-up when a daemon has already ended: the cluster cannot come up without it.</summary>
    public void ThrowIfAnyExited(string cluster)
    {
        if (_daemons.FirstOrDefault(d => d.Exited.IsCompleted) is { } gone)
        {
            throw new SetupFailedException($"the {cluster} cluster broke while starting: {Describe(gone)}");
        }
    }

    /// <summary>Why a daemon that ended early broke the cluster, with the end of its log.</summary>
    public static string Describe(ClusterDaemon daemon)
    {
        var how = daemon.Exited.IsCompletedSuccessfully ? $"exited with code {daemon.Exited.Result.ExitCode}" : $"could not start: {daemon.Exited.Exception?.InnerException?.Message}";
        var last = daemon.Tail(3);
        return $"{daemon.Name} {how}" + (last.Count > 0 ? $"; its log ends: {string.Join(" | ", last)}" : string.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var helper in _helpers)
        {
            await helper.DisposeAsync();
        }

        for (var i = _daemons.Count - 1; i >= 0; i--)
        {
            await _daemons[i].StopAsync(grace);
        }

        foreach (var daemon in _daemons)
        {
            attemptLog.Note($"--- end of the {daemon.Name} log ---");
            foreach (var line in daemon.Tail(TailLines))
            {
                attemptLog.Note($"{daemon.Name}: {line}");
            }

            await daemon.DisposeAsync();
        }

        attemptLog.Note("cluster stopped");
    }
}
