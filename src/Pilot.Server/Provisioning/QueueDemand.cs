using Dapper;
using Pilot.Server.Storage;

namespace Pilot.Server.Provisioning;

/// <summary>How much work waits in a queue, read straight from the store.</summary>
internal sealed class QueueDemand(SqlDialect dialect)
{
    public async Task<(long Jobs, long Cores)> QueuedAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(SUM(cores), 0) FROM jobs WHERE state = 'queued' AND queue = @Queue",
            new { Queue = queue },
            cancellationToken: cancellationToken));
    }
}
