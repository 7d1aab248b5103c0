using Dapper;
using Pilot.Contracts;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    public Task<GroupView> GetGroupAsync(string group, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var counts = await connection.QueryAsync<(string State, long Count)>(
                "SELECT state, COUNT(*) FROM jobs WHERE group_id = @GroupId AND superseded = 0 AND (@Owner IS NULL OR owner = @Owner) GROUP BY state",
                new { GroupId = group, Owner = owner });
            var states = counts.ToDictionary(c => StoredEnum.Parse<JobState>(c.State), c => (int)c.Count);
            return states.Count == 0
                ? throw new NotFoundException($"group '{group}' has no jobs you can see; 'pilot submit --sweep' prints the group of a sweep")
                : new GroupView(group, states.Values.Sum(), states)
                {
                    Ended = !states.Keys.Any(s => s is JobState.Waiting or JobState.Queued or JobState.Running),
                };
        },
        cancellationToken);

    public async Task<GroupView> CancelGroupAsync(string group, string? owner, CancellationToken cancellationToken)
    {
        await GetGroupAsync(group, owner, cancellationToken);
        await WriteAsync(
            async (connection, transaction) =>
            {
                var open = await connection.QueryAsync<JobRow>(
                    $"""
                    SELECT {JobColumns} FROM jobs
                    WHERE group_id = @GroupId AND superseded = 0 AND (@Owner IS NULL OR owner = @Owner) AND state IN ('waiting', 'queued', 'running')
                    ORDER BY id
                    """,
                    new { GroupId = group, Owner = owner },
                    transaction);
                foreach (var job in open)
                {
                    // A dependent cancelled earlier in this loop (its parent was in the group) is already done.
                    var current = await connection.ExecuteScalarAsync<string>("SELECT state FROM jobs WHERE id = @Id", new { job.Id }, transaction);
                    if (current is "waiting" or "queued" or "running")
                    {
                        await CancelJobAsync(connection, transaction, job, null);
                    }
                }

                return 0;
            },
            cancellationToken);
        return await GetGroupAsync(group, owner, cancellationToken);
    }
}
