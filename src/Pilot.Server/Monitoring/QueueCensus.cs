using Dapper;
using Pilot.Server.Storage;

namespace Pilot.Server.Monitoring;

/// <summary>Counts read straight from the store at scrape time, so the gauges cannot drift from the truth.</summary>
internal sealed class QueueCensus(SqlDialect dialect)
{
    public async Task<IReadOnlyList<JobCount>> CountJobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, string Queue, long Count)>(
            new CommandDefinition("SELECT state, queue, COUNT(*) FROM jobs GROUP BY state, queue", cancellationToken: cancellationToken));
        return rows.Select(r => new JobCount(r.State, r.Queue, r.Count)).ToList();
    }

    public async Task<IReadOnlyList<AlivePilot>> AlivePilotsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string? Site, string State, long? WalltimeEnd)>(
            new CommandDefinition("SELECT id, site, state, walltime_end FROM pilots WHERE state IN ('active', 'draining')", cancellationToken: cancellationToken));
        return rows.Select(r => new AlivePilot(r.Id, r.Site, r.State, r.WalltimeEnd is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null)).ToList();
    }
}
