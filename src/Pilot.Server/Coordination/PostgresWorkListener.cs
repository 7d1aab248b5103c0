using Microsoft.Extensions.Options;
using Npgsql;
using Pilot.Server.Queue;
using Pilot.Server.Storage;

namespace Pilot.Server.Coordination;

/// <summary>
/// Listens on one session of its own for work the other servers announce and wakes this server's waiting lease
/// requests: one connection per server, however many pilots wait. After the session breaks it reconnects and wakes
/// everyone once, since announcements made meanwhile were lost.
/// </summary>
internal sealed class PostgresWorkListener(
    SqlDialect dialect, QueueSignal signal, ServerInstance instance, IOptions<ServerOptions> options, TimeProvider time, ILogger<PostgresWorkListener> logger) : BackgroundService
{
    /// <summary>How long a quiet session waits before it checks that the database still answers.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private bool SharesDatabase => dialect is PostgresDialect;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!SharesDatabase)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.WorkListenerLost(logger, e, Reconnect.TotalSeconds);
                await Task.Delay(Reconnect, time, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var session = await PostgresSession.OpenAsync(options.Value.PostgreSql!, stoppingToken);
        var channel = await PostgresChannel.WorkAsync(session, stoppingToken);
        session.Notification += (_, notification) =>
        {
            if (notification.Payload != instance.Id)
            {
                signal.PulseHere();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChannel.Quoted(channel)}", session))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        signal.PulseHere();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await session.WaitAsync(Probe, stoppingToken))
            {
                await using var probe = new NpgsqlCommand("SELECT 1", session);
                await probe.ExecuteScalarAsync(stoppingToken);
            }
        }
    }
}
