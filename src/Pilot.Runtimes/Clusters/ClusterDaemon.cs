using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters;

/// <summary>
/// One long-running process of a cluster (scheduler, worker, k3s server or agent), run like a payload in its own process
/// group with its own marker, so stopping it also stops what it started and nothing of it outlives the cluster.
/// </summary>
internal sealed class ClusterDaemon : IAsyncDisposable
{
    private const long LogCapBytes = 16L * 1024 * 1024;

    private readonly PayloadControl _control = new();
    private readonly PayloadLog _log;
    private readonly Task<PayloadResult> _run;

    public ClusterDaemon(string name, PayloadCommand command, PayloadRunner runner, string logDirectory, string marker)
    {
        Name = name;
        Command = command;
        _log = new PayloadLog(Path.Combine(logDirectory, name + ".log"), LogCapBytes);
        _run = Task.Run(() => runner.RunAsync(command, _log, _control, marker));
    }

    public string Name { get; }

    public PayloadCommand Command { get; }

    public string LogPath => _log.FilePath;

    /// <summary>Completes when the daemon's main process has ended, by itself or because it was stopped.</summary>
    public Task<PayloadResult> Exited => _run;

    public async Task StopAsync(TimeSpan grace)
    {
        _control.RequestStop(StopReason.Cancelled, grace);
        try
        {
            await _run;
        }
        catch (SetupFailedException)
        {
            // It never started; there is nothing to stop.
        }
    }

    /// <summary>The last lines the daemon wrote, for the attempt's log when something went wrong.</summary>
    public IReadOnlyList<string> Tail(int lines)
    {
        using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        var queue = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            queue.Enqueue(line);
            if (queue.Count > lines)
            {
                queue.Dequeue();
            }
        }

        return [.. queue];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _log.Dispose();
        _control.Dispose();
    }
}
