using Dapper;
using Npgsql;
using Pilot.Server.Storage;

namespace Pilot.Server.Coordination;

/// <summary>
/// Announces work with <c>pg_notify</c> on a pooled connection. Announcements made while one is on its way are
/// folded into the next, so a burst of submissions costs a few notifications, not one each.
/// </summary>
internal sealed class PostgresWorkBroadcast(SqlDialect dialect, ServerInstance instance, ILogger<PostgresWorkBroadcast> logger) : IWorkBroadcast
{
    private int _pending;
    private int _sending;
    private string? _channel;

    public void Announce()
    {
        Interlocked.Exchange(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            _ = Task.Run(SendAsync);
        }
    }

    private async Task SendAsync()
    {
        do
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                try
                {
                    await using var connection = await dialect.OpenAsync(CancellationToken.None);
                    _channel ??= await PostgresChannel.WorkAsync((NpgsqlConnection)connection, CancellationToken.None);
                    await connection.ExecuteAsync("SELECT pg_notify(@Channel, @From)", new { Channel = _channel, From = instance.Id });
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // The other servers' long polls still wake on their own timeout: a late wake-up, nothing lost.
                    Log.WorkAnnouncementFailed(logger, e);
                }
            }

            Volatile.Write(ref _sending, 0);
        }
        while (Volatile.Read(ref _pending) == 1 && Interlocked.CompareExchange(ref _sending, 1, 0) == 0);
    }
}
