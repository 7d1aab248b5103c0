using Dapper;
using Pilot.Contracts;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    private const string JobColumns = "id, name, owner, queue, priority, state, runtime, cores, memory_mb, gpus, nodes, walltime_s, spec, "
        + "submitted_at, started_at, finished_at, exit_code, last_outcome, reason, attempts, pilot_id, lease_id, log_tail";

    public async Task<JobView> SubmitAsync(JobSpec spec, string? owner, CancellationToken cancellationToken)
    {
        var name = spec.Name ?? (spec.Command.Count > 0 ? Path.GetFileName(spec.Command[0]) : $"{spec.Cluster?.Type} cluster");
        var id = await WriteAsync(
            (connection, transaction) => connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO jobs (name, owner, queue, priority, state, runtime, cores, memory_mb, gpus, nodes, walltime_s, spec, submitted_at)
                VALUES (@Name, @Owner, @Queue, @Priority, 'queued', @Runtime, @Cores, @MemoryMb, @Gpus, @Nodes, @WalltimeS, @Spec, @Now)
                RETURNING id
                """,
                new
                {
                    Name = name,
                    Owner = owner,
                    spec.Queue,
                    spec.Priority,
                    Runtime = spec.Runtime.Type,
                    spec.Resources.Cores,
                    spec.Resources.MemoryMb,
                    spec.Resources.Gpus,
                    spec.Resources.Nodes,
                    WalltimeS = (long)Math.Ceiling(spec.Resources.Walltime.TotalSeconds),
                    Spec = Json(spec with { Name = name }),
                    Now = NowMs,
                },
                transaction),
            cancellationToken);
        queueSignal.Pulse();
        return await GetJobAsync(id, owner, cancellationToken);
    }

    public Task<JobView> GetJobAsync(long id, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(async connection => ToView(await FindJobAsync(connection, id, null, owner)), cancellationToken);

    public Task<JobPage> ListJobsAsync(string? owner, JobState? state, int limit, long? before, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var rows = (await connection.QueryAsync<JobRow>(
                    $"""
                    SELECT {JobColumns} FROM jobs
                    WHERE (@State IS NULL OR state = @State) AND (@Owner IS NULL OR owner = @Owner) AND (@Before IS NULL OR id < @Before)
                    ORDER BY id DESC LIMIT @Limit
                    """,
                    new { Owner = owner, State = state is { } s ? StoredEnum.Text(s) : null, Before = before, Limit = limit + 1 })).ToList();
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

    public async Task<JobView> CancelAsync(long id, string? owner, CancellationToken cancellationToken)
    {
        await WriteAsync(
            async (connection, transaction) =>
            {
                var job = await FindJobAsync(connection, id, transaction, owner);
                var state = StoredEnum.Parse<JobState>(job.State);
                var (reason, finishedAt) = state switch
                {
                    JobState.Queued => ("cancelled by its owner before it started", (long?)NowMs),
                    JobState.Running => ("cancelled by its owner while running; its pilot is stopping the payload", null),
                    _ => throw new ConflictException($"job {id} already ended as {StoredEnum.Text(state)}; there is nothing to cancel"),
                };
                await connection.ExecuteAsync(
                    "UPDATE jobs SET state = 'cancelled', reason = @Reason, finished_at = @FinishedAt WHERE id = @Id",
                    new { Id = id, Reason = reason, FinishedAt = finishedAt },
                    transaction);
                await connection.ExecuteAsync(
                    "UPDATE attempts SET kill_requested = 1 WHERE job_id = @Id AND outcome = 'running'", new { Id = id }, transaction);
                return 0;
            },
            cancellationToken);
        return await GetJobAsync(id, owner, cancellationToken);
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
    };
}
