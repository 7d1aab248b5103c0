using System.Data.Common;
using Dapper;
using Pilot.Contracts;
using Pilot.Server.Submission;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    /// <summary>Entries of a group in one page at most.</summary>
    public const int MaxEntriesPage = 10_000;

    public async Task<BatchSubmitted> SubmitBatchAsync(BatchPlan plan, string owner, CancellationToken cancellationToken)
    {
        var submitted = await WriteAsync(
            async (connection, transaction) =>
            {
                if (plan.IdempotencyKey is { } key && await FindBatchAsync(connection, transaction, owner, key, plan) is { } earlier)
                {
                    return earlier;
                }

                if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM jobs WHERE group_id = @Group LIMIT 1", new { plan.Group }, transaction) is not null)
                {
                    throw new ConflictException($"group '{plan.Group}' already has jobs; give the batch another group, or 'pilot resubmit {plan.Group}' to run its failed entries again");
                }

                var count = await InsertManyAsync(connection, transaction, plan.Jobs().Select(job => ToInsert(job.Spec, owner, JobState.Queued, null, job.Index)));
                if (plan.IdempotencyKey is { } newKey)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO batches (owner, idempotency_key, group_id, job_count, request_hash) VALUES (@Owner, @Key, @Group, @Count, @Hash)",
                        new { Owner = owner, Key = newKey, plan.Group, Count = count, Hash = plan.RequestHash },
                        transaction);
                }

                return new BatchSubmitted(plan.Group, (int)count, true);
            },
            cancellationToken);
        queueSignal.Pulse();
        return submitted;
    }

    /// <summary>The answer to an earlier batch with this key; the same key for a different batch is a conflict, not a silent reuse.</summary>
    private static async Task<BatchSubmitted?> FindBatchAsync(DbConnection connection, DbTransaction transaction, string owner, string key, BatchPlan plan)
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<(string Group, long Count, string Hash)?>(
            "SELECT group_id, job_count, request_hash FROM batches WHERE owner = @Owner AND idempotency_key = @Key", new { Owner = owner, Key = key }, transaction);
        return earlier switch
        {
            null => null,
            { } found when found.Hash == plan.RequestHash => new BatchSubmitted(found.Group, (int)found.Count, false),
            { } found => throw new ConflictException(
                $"idempotency key '{key}' was already used for another batch (group '{found.Group}'); use a new key for a new batch"),
        };
    }

    public Task<GroupEntryPage> ListGroupEntriesAsync(string group, string? owner, JobState? state, int limit, long? after, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var rows = (await connection.QueryAsync<(long ArrayIndex, long Id, string State, long? ExitCode, string? Reason)>(
                    """
                    SELECT array_index, id, state, exit_code, reason FROM jobs
                    WHERE group_id = @Group AND array_index IS NOT NULL AND superseded = 0 AND (@Owner IS NULL OR owner = @Owner)
                      AND (@State IS NULL OR state = @State) AND (@After IS NULL OR array_index > @After)
                    ORDER BY array_index LIMIT @Limit
                    """,
                    new { Group = group, Owner = owner, State = state is { } s ? StoredEnum.Text(s) : null, After = after, Limit = limit + 1 })).ToList();
                var page = rows.Take(limit).Select(r => new GroupEntry(r.ArrayIndex, r.Id, StoredEnum.Parse<JobState>(r.State), (int?)r.ExitCode, r.Reason)).ToList();
                return new GroupEntryPage(page, rows.Count > limit ? page[^1].Index : null);
            },
            cancellationToken);

    /// <summary>
    /// New jobs, same specs and indices, for the entries whose job ended in one of <paramref name="states"/>; the jobs they
    /// replace stay as history but no longer count in the group. A repeat finds nothing left to resubmit.
    /// </summary>
    public async Task<BatchSubmitted> ResubmitAsync(string group, string? owner, IReadOnlyList<JobState> states, CancellationToken cancellationToken)
    {
        var submitted = await WriteAsync(
            async (connection, transaction) =>
            {
                var names = states.Select(StoredEnum.Text).ToList();
                var ended = (await connection.QueryAsync<(long Id, string Owner, string Spec, long ArrayIndex)>(
                    $"""
                    SELECT id, owner, spec, array_index FROM jobs
                    WHERE group_id = @Group AND array_index IS NOT NULL AND superseded = 0 AND (@Owner IS NULL OR owner = @Owner) AND {dialect.AnyOf("state", "@States")}
                    ORDER BY array_index
                    """,
                    new { Group = group, Owner = owner, States = names },
                    transaction)).ToList();
                if (ended.Count > 0)
                {
                    await connection.ExecuteAsync($"UPDATE jobs SET superseded = 1 WHERE {dialect.AnyOf("id", "@Ids")}", new { Ids = ended.Select(e => e.Id).ToList() }, transaction);
                    await InsertManyAsync(connection, transaction, ended.Select(e => ToInsert(FromJson<JobSpec>(e.Spec), e.Owner, JobState.Queued, null, e.ArrayIndex)));
                }

                return new BatchSubmitted(group, ended.Count, ended.Count > 0);
            },
            cancellationToken);
        queueSignal.Pulse();
        return submitted;
    }
}
