using System.Text.Json;
using Dapper;
using Pilot.Contracts;
using Pilot.Server.Monitoring;
using Pilot.Server.Storage;

namespace Pilot.Server.Coordination;

/// <summary>
/// Shares the pilots' heartbeat summaries between the servers on one database, so <c>/metrics</c> and the web page
/// of every server show every pilot: once a second, writes the summaries this server received and reads the newer
/// ones the others wrote. Summaries of pilots no longer alive are deleted now and then.
/// </summary>
internal sealed class PilotSummaryExchange(SqlDialect dialect, PilotSummaries summaries, TimeProvider time, ILogger<PilotSummaryExchange> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Read again each pass: another server may write a summary a moment after receiving it.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    /// <summary>Passes between two deletions of summaries of pilots that left.</summary>
    private const int PrunePasses = 60;

    private long _readUpTo;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dialect is not PostgresDialect)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        for (var pass = 0; await timer.WaitForNextTickAsync(stoppingToken); pass++)
        {
            try
            {
                await ExchangeAsync(pass % PrunePasses == 0, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next pass sends what this one could not; the gauges show this server's pilots meanwhile.
                Log.SummaryExchangeFailed(logger, e);
            }
        }
    }

    private async Task ExchangeAsync(bool prune, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        foreach (var (pilotId, summary) in summaries.TakeRecorded())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO pilot_summaries (pilot_id, heartbeat, received_at) VALUES (@PilotId, @Heartbeat, @ReceivedAt)
                ON CONFLICT (pilot_id) DO UPDATE SET heartbeat = excluded.heartbeat, received_at = excluded.received_at
                WHERE excluded.received_at >= pilot_summaries.received_at
                """,
                new { PilotId = pilotId, Heartbeat = JsonSerializer.Serialize(summary.Heartbeat, PilotJson.Options), ReceivedAt = summary.ReceivedAt.ToUnixTimeMilliseconds() });
        }

        var newer = await connection.QueryAsync<(string PilotId, string Heartbeat, long ReceivedAt)>(
            "SELECT pilot_id, heartbeat, received_at FROM pilot_summaries WHERE received_at > @Since", new { Since = _readUpTo - (long)Overlap.TotalMilliseconds });
        foreach (var (pilotId, heartbeat, receivedAt) in newer)
        {
            summaries.Merge(pilotId, new PilotSummary(JsonSerializer.Deserialize<Heartbeat>(heartbeat, PilotJson.Options)!, DateTimeOffset.FromUnixTimeMilliseconds(receivedAt)));
            _readUpTo = Math.Max(_readUpTo, receivedAt);
        }

        if (prune)
        {
            await connection.ExecuteAsync("DELETE FROM pilot_summaries WHERE pilot_id NOT IN (SELECT id FROM pilots WHERE state IN ('active', 'draining'))");
        }
    }
}
