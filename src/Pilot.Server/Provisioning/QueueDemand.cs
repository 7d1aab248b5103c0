using Dapper;
using Pilot.Server.Storage;

namespace Pilot.Server.Provisioning;

/// <summary>How much work waits in a queue, read straight from the store.</summary>
internal sealed class QueueDemand(SqlDialect dialect)
{
    /// <returns>Queued jobs, the cores they need over all their nodes, and the most nodes one of them needs.</returns>
    public async Task<(long Jobs, long Cores, long WidestJob)> QueuedAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(SUM(cores * nodes), 0), COALESCE(MAX(nodes), 1) FROM jobs WHERE state = 'queued' AND queue = @Queue",
            new { Queue = queue },
            cancellationToken: cancellationToken));
    }
}
