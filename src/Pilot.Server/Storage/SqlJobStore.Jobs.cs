using System.Data.Common;
using Dapper;
using Pilot.Contracts;
using Pilot.Core.Leasing;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    private const string JobColumns = "id, name, owner, queue, priority, state, runtime, cores, memory_mb, gpus, nodes, walltime_s, spec, "
        + "submitted_at, started_at, finished_at, exit_code, last_outcome, reason, attempts, pilot_id, lease_id, log_tail, array_index";

    private static string NameOf(JobSpec spec) =>
        spec.Name ?? (spec.Command.Count > 0 ? Path.GetFileName(spec.Command[0]) : spec.Interactive is { } interactive ? interactive.Kind : $"{spec.Cluster?.Type} cluster");

    private static string? GroupOf(JobSpec spec) => spec.Labels?.GetValueOrDefault(JobSpec.GroupLabel);

    public async Task<Submission> SubmitAsync(JobSpec spec, string owner, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var name = NameOf(spec);
        var stored = spec with { Name = name, IdempotencyKey = idempotencyKey };
        Task<(long, bool)> SubmitOnceAsync() => WriteAsync(
            async (connection, transaction) =>
            {
                if (idempotencyKey is not null && await FindSubmissionAsync(connection, transaction, owner, idempotencyKey, stored) is { } earlier)
                {
                    return (earlier, false);
                }

                var (state, reason, parents) = await PlanDependenciesAsync(connection, transaction, stored, owner);
                var id = await InsertJobAsync(connection, transaction, stored, owner, state, reason);
                await InsertDependenciesAsync(connection, transaction, id, parents);
                return (id, true);
            },
            cancellationToken);
        (long Id, bool Created) submitted;
        try
        {
            submitted = await SubmitOnceAsync();
        }
        catch (DbException e) when (idempotencyKey is not null && dialect.IsUniqueViolation(e))
        {
            // Another server stored the same key a moment ago: the second look finds its job.
            submitted = await SubmitOnceAsync();
        }

        var (id, created) = submitted;
        queueSignal.Pulse();
        return new Submission(await GetJobAsync(id, owner, cancellationToken), created);
    }

    /// <summary>Jobs in one submission from which the database's planner statistics are refreshed.</summary>
    private const int LargeSubmission = 1000;

    /// <summary>Queues many plain jobs (no dependencies, no idempotency keys) in one transaction.</summary>
    public Task SubmitManyAsync(IReadOnlyList<JobSpec> specs, string owner, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => InsertManyAsync(connection, transaction, specs.Select(spec => ToInsert(spec with { Name = NameOf(spec) }, owner, JobState.Queued, null, null))),
            cancellationToken);

    /// <summary>Bulk-inserts queued jobs; after a large submission the planner learns the queue grew.</summary>
    private async Task<long> InsertManyAsync(DbConnection connection, DbTransaction transaction, IEnumerable<JobInsert> jobs)
    {
        var count = await dialect.InsertJobsAsync(connection, transaction, jobs);
        if (count >= LargeSubmission && dialect.RefreshStatistics is { } refresh)
        {
            await connection.ExecuteAsync(refresh, transaction: transaction);
        }

        return count;
    }

    private Task<long> InsertJobAsync(DbConnection connection, DbTransaction transaction, JobSpec spec, string owner, JobState state, string? reason) =>
        connection.ExecuteScalarAsync<long>(
            $"INSERT INTO jobs ({JobInsert.Columns}) VALUES ({JobInsert.Parameters}) RETURNING id", ToInsert(spec, owner, state, reason, null), transaction);

    private JobInsert ToInsert(JobSpec spec, string owner, JobState state, string? reason, long? arrayIndex)
    {
        var now = NowMs;
        return new JobInsert(
            spec.Name!,
            owner,
            spec.Queue,
            spec.Site,
            spec.Priority,
            StoredEnum.Text(state),
            reason,
            spec.Runtime.Type,
            spec.Resources.Cores,
            spec.Resources.MemoryMb,
            spec.Resources.Gpus,
            spec.Resources.Nodes,
            (long)Math.Ceiling(spec.Resources.Walltime.TotalSeconds),
            Json(spec),
            now,
            state == JobState.Cancelled ? now : null,
            GroupOf(spec),
            spec.IdempotencyKey,
            arrayIndex);
    }

    /// <summary>The job an earlier submission with this key made; the same key for a different job is a conflict, not a silent reuse.</summary>
    private static async Task<long?> FindSubmissionAsync(DbConnection connection, DbTransaction transaction, string owner, string key, JobSpec spec)
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<(long Id, string Spec)?>(
            "SELECT id, spec FROM jobs WHERE owner = @Owner AND idempotency_key = @Key", new { Owner = owner, Key = key }, transaction);
        if (earlier is not { } found)
        {
            return null;
        }

        return found.Spec == Json(spec)
            ? found.Id
            : throw new ConflictException($"idempotency key '{key}' was already used for job {found.Id} with a different spec; use a new key for a new job");
    }

    public Task<JobView> GetJobAsync(long id, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(async connection => ToView(await FindJobAsync(connection, id, null, owner)), cancellationToken);

    public Task<JobPage> ListJobsAsync(string? owner, JobState? state, int limit, long? before, string? group, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var rows = (await connection.QueryAsync<JobRow>(
                    $"""
                    SELECT {JobColumns} FROM jobs
                    WHERE (@State IS NULL OR state = @State) AND (@Owner IS NULL OR owner = @Owner) AND (@Before IS NULL OR id < @Before)
                      AND (@GroupId IS NULL OR group_id = @GroupId)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new { Owner = owner, State = state is { } s ? StoredEnum.Text(s) : null, Before = before, GroupId = group, Limit = limit + 1 })).ToList();
                var page = rows.Take(limit).Select(ToView).ToList();
                return new JobPage(page, rows.Count > limit ? page[^1].Id : null);
            },
            cancellationToken);

    public Task<IReadOnlyList<AttemptView>> GetAttemptsAsync(long jobId, string? owner, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AttemptView>>(
            async connection =>
            {
                await FindJobAsync(connection, jobId, null, owner);
                var rows = await connection.QueryAsync<AttemptRow>("SELECT * FROM attempts WHERE job_id = @JobId ORDER BY number", new { JobId = jobId });
                return rows.Select(ToView).ToList();
            },
            cancellationToken);

    public async Task<JobView> CancelAsync(long id, string? owner, int? graceSeconds, CancellationToken cancellationToken)
    {
        await WriteAsync(
            async (connection, transaction) =>
            {
                await LockAsync(connection, transaction, "attempts", "job_id = @Id AND outcome = 'running'", new { Id = id });
                await LockAsync(connection, transaction, "jobs", "id = @Id", new { Id = id });
                var job = await FindJobAsync(connection, id, transaction, owner);
                var state = StoredEnum.Parse<JobState>(job.State);
                if (state is not (JobState.Waiting or JobState.Queued or JobState.Running))
                {
                    throw new ConflictException($"job {id} already ended as {StoredEnum.Text(state)}; there is nothing to cancel");
                }

                await CancelJobAsync(connection, transaction, job, graceSeconds);
                return 0;
            },
            cancellationToken);
        return await GetJobAsync(id, owner, cancellationToken);
    }

    /// <summary>
    /// Cancels a job that has not ended: a running one keeps its attempt until its pilot stops the payload (killed, or
    /// signalled with <paramref name="graceSeconds"/> to finish), the others end now; jobs that needed it to succeed are cancelled too.
    /// </summary>
    private async Task CancelJobAsync(DbConnection connection, DbTransaction transaction, JobRow job, int? graceSeconds)
    {
        var running = job.State == StoredEnum.Text(JobState.Running);
        var reason = running
            ? CancelReason.WhileRunning
            : CancelReason.BeforeStart;
        await connection.ExecuteAsync(
            "UPDATE jobs SET state = 'cancelled', reason = @Reason, finished_at = @FinishedAt WHERE id = @Id",
            new { job.Id, Reason = reason, FinishedAt = running ? null : (long?)NowMs },
            transaction);
        await connection.ExecuteAsync(
            "UPDATE attempts SET kill_requested = 1, kill_grace_s = @Grace WHERE job_id = @Id AND outcome = 'running'",
            new { job.Id, Grace = (long?)graceSeconds },
            transaction);
        await ReleaseDependentsAsync(connection, transaction, job.Id, JobState.Cancelled);
    }

    public Task<int?> GetLatestAttemptAsync(long jobId, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                await FindJobAsync(connection, jobId, null, owner);
                return await connection.ExecuteScalarAsync<int?>("SELECT MAX(number) FROM attempts WHERE job_id = @JobId", new { JobId = jobId });
            },
            cancellationToken);

    /// <summary>Another owner's job is reported as missing, with the same words, so its existence does not leak.</summary>
    private static async Task<JobRow> FindJobAsync(System.Data.Common.DbConnection connection, long id, System.Data.Common.DbTransaction? transaction, string? owner = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>($"SELECT {JobColumns} FROM jobs WHERE id = @Id", new { Id = id }, transaction);
        return row is not null && (owner is null || row.Owner == owner)
            ? row
            : throw new NotFoundException($"job {id} does not exist; 'pilot jobs' lists the jobs you can see");
    }

    private static JobView ToView(JobRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Owner = row.Owner,
        State = StoredEnum.Parse<JobState>(row.State),
        Spec = FromJson<JobSpec>(row.Spec),
        SubmittedAt = At(row.SubmittedAt),
        StartedAt = At(row.StartedAt),
        FinishedAt = At(row.FinishedAt),
        ExitCode = (int?)row.ExitCode,
        LastOutcome = row.LastOutcome is { } outcome ? StoredEnum.Parse<AttemptOutcome>(outcome) : null,
        Reason = row.Reason,
        Attempts = (int)row.Attempts,
        PilotId = row.PilotId,
        LogTail = row.LogTail,
        ArrayIndex = row.ArrayIndex,
    };

    private static AttemptView ToView(AttemptRow row) => new()
    {
        Number = (int)row.Number,
        PilotId = row.PilotId,
        Node = row.Node,
        Outcome = StoredEnum.Parse<AttemptOutcome>(row.Outcome),
        LeasedAt = At(row.LeasedAt),
        StartedAt = At(row.StartedAt),
        FinishedAt = At(row.FinishedAt),
        ExitCode = (int?)row.ExitCode,
        Reason = row.Reason,
        Phases = row.Phases is { } phases ? FromJson<IReadOnlyList<AttemptPhase>>(phases) : null,
    };
}
