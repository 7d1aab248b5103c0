using System.Data.Common;
using Dapper;
using Pilot.Contracts;
using Pilot.Core.Leasing;
using Pilot.Core.Resources;
using Pilot.Server.Logs;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    /// <summary>How many queued candidates one lease call looks at per job it may grant.</summary>
    private const int CandidatesPerSlot = 4;

    /// <summary>Most jobs one lease call grants.</summary>
    private const int MaxJobsPerLease = 1000;

    public async Task<IReadOnlyList<LeasedJob>> LeaseAsync(string pilotId, string? owner, LeaseRequest request, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) => await GrantAsync(connection, transaction, await FindPilotAsync(connection, pilotId, transaction, owner), request),
            cancellationToken);

    public async Task ReportAsync(string leaseId, string? owner, AttemptReport report, CancellationToken cancellationToken)
    {
        var requeued = await WriteAsync((connection, transaction) => ApplyReportAsync(connection, transaction, leaseId, owner, report), cancellationToken);
        if (requeued)
        {
            queueSignal.Pulse();
        }
    }

    /// <summary>Grants the pilot the queued jobs that fit what it has free, best priority first.</summary>
    private async Task<IReadOnlyList<LeasedJob>> GrantAsync(DbConnection connection, DbTransaction transaction, PilotRow pilot, LeaseRequest request)
    {
        var runtimes = pilot.Runtimes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var queues = pilot.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var candidates = await connection.QueryAsync<JobRow>(
            $"""
            SELECT {JobColumns} FROM jobs {dialect.QueuedJobsIndex}
            WHERE state = 'queued' AND cores <= @Cores AND memory_mb <= @MemoryMb AND gpus <= @Gpus AND nodes <= @Nodes
              AND walltime_s <= @WalltimeLeft AND (site IS NULL OR site = @Site) AND {dialect.AnyOf("runtime", "@Runtimes")} {(queues.Length > 0 ? "AND " + dialect.AnyOf("queue", "@Queues") : string.Empty)}
            ORDER BY priority DESC, id LIMIT @Limit {dialect.LockCandidates}
            """,
            new
            {
                request.Free.Cores,
                request.Free.MemoryMb,
                request.Free.Gpus,
                request.Free.Nodes,
                WalltimeLeft = request.WalltimeLeftSeconds ?? long.MaxValue,
                pilot.Site,
                Runtimes = runtimes,
                Queues = queues,
                Limit = Math.Clamp(request.MaxJobs, 1, MaxJobsPerLease) * CandidatesPerSlot,
            },
            transaction);

        var now = At(NowMs);
        var nodes = new NodePool(request.FreeNodes is { Count: > 0 } perNode ? perNode : [request.Free]);
        var leased = new List<LeasedJob>();
        foreach (var row in candidates)
        {
            if (leased.Count >= request.MaxJobs)
            {
                break;
            }

            var spec = FromJson<JobSpec>(row.Spec);
            if (nodes.TryTake(spec.Resources) is null)
            {
                continue;
            }

            var lease = Lease.Grant(row.Id, row.Attempts + 1, pilot.Id, now, Options.LeaseTtl);
            leased.Add(new LeasedJob
            {
                JobId = row.Id,
                LeaseId = lease.LeaseId,
                FencingToken = lease.FencingToken,
                ExpiresAt = lease.ExpiresAt,
                Attempt = (int)lease.FencingToken,
                Spec = spec,
                SubmittedAt = At(row.SubmittedAt),
            });
        }

        await RecordGrantsAsync(connection, transaction, leased, pilot, now);
        return leased;
    }

    /// <summary>
    /// Applies one report: the lease must still be held with the report's fencing token (else <see cref="StaleLeaseException"/>,
    /// before anything is written). A whole short log in the report is stored with it. Returns true when the job went back to the queue.
    /// </summary>
    private async Task<bool> ApplyReportAsync(DbConnection connection, DbTransaction transaction, string leaseId, string? owner, AttemptReport report)
    {
        if (report.Outcome == AttemptOutcome.Running)
        {
            throw new BadHttpRequestException("a report must say how the attempt ended: outcome 'running' is not an ending");
        }

        await LockAttemptAsync(connection, transaction, leaseId);
        var attempt = await FindAttemptAsync(connection, leaseId, transaction, owner);
        ToLease(attempt).Complete(report.FencingToken, report.Outcome);
        if (report is { LogTailIsWholeLog: true, LogTail: { Length: > 0 } whole })
        {
            // At byte 0 and only if nothing is stored there: a replayed report changes nothing.
            var bytes = System.Text.Encoding.UTF8.GetBytes(whole);
            await LogChunkRows.InsertAsync(connection, transaction, attempt.JobId, (int)attempt.Number, 0, bytes);
        }

        return await EndAttemptAsync(connection, transaction, attempt, report);
    }

    public Task<(long JobId, int Attempt)> GetActiveAttemptAsync(string leaseId, long fencingToken, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var attempt = await FindAttemptAsync(connection, leaseId, null, owner);
                if (attempt.Number != fencingToken)
                {
                    throw new StaleLeaseException(leaseId, $"fencing token {fencingToken} does not hold this lease");
                }

                return (attempt.JobId, (int)attempt.Number);
            },
            cancellationToken);

    public Task<int> ResumeLeasesAsync(CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var now = NowMs;
                await connection.ExecuteAsync(
                    "UPDATE pilots SET last_heartbeat = @Now WHERE state IN ('active', 'draining')", new { Now = now }, transaction);
                return await connection.ExecuteAsync(
                    "UPDATE attempts SET expires_at = @ExpiresAt WHERE outcome = 'running' AND expires_at < @ExpiresAt",
                    new { ExpiresAt = now + (long)Options.LeaseTtl.TotalMilliseconds },
                    transaction);
            },
            cancellationToken);

    public async Task<int> ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var (expired, requeued) = await WriteAsync(
            async (connection, transaction) =>
            {
                var now = NowMs;
                var overdue = await connection.QueryAsync<AttemptRow>(
                    $"SELECT * FROM attempts WHERE outcome = 'running' AND expires_at <= @Now {dialect.LockCandidates}", new { Now = now }, transaction);
                var count = 0;
                var anyRequeued = false;
                foreach (var attempt in overdue)
                {
                    var report = new AttemptReport
                    {
                        FencingToken = attempt.Number,
                        Outcome = ToLease(attempt).Expire(At(now)).Outcome,
                        FinishedAt = At(now),
                        Reason = $"pilot {attempt.PilotId} stopped renewing the lease",
                    };
                    anyRequeued |= await EndAttemptAsync(connection, transaction, attempt, report);
                    count++;
                }

                await connection.ExecuteAsync(
                    "UPDATE pilots SET state = 'lost' WHERE state IN ('active', 'draining') AND last_heartbeat <= @Cutoff",
                    new { Cutoff = now - (long)Options.LeaseTtl.TotalMilliseconds },
                    transaction);
                return (count, anyRequeued);
            },
            cancellationToken);
        if (requeued)
        {
            queueSignal.Pulse();
        }

        return expired;
    }

    /// <summary>
    /// Writes a grant's attempts and moves their jobs to running in two statements, however many jobs it holds: a grant
    /// of 128 jobs is not 256 round trips through the database.
    /// </summary>
    private static async Task RecordGrantsAsync(DbConnection connection, DbTransaction transaction, List<LeasedJob> leased, PilotRow pilot, DateTimeOffset now)
    {
        if (leased.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters(new { PilotId = pilot.Id, Node = pilot.Hostname, LeasedAt = now.ToUnixTimeMilliseconds() });
        var rows = new List<string>(leased.Count);
        for (var i = 0; i < leased.Count; i++)
        {
            parameters.Add($"L{i}", leased[i].LeaseId);
            parameters.Add($"J{i}", leased[i].JobId);
            parameters.Add($"N{i}", leased[i].FencingToken);
            parameters.Add($"E{i}", leased[i].ExpiresAt.ToUnixTimeMilliseconds());
            rows.Add($"(@L{i}, @J{i}, @N{i}, @PilotId, @Node, 'running', @LeasedAt, @E{i})");
        }

        await connection.ExecuteAsync(
            $"INSERT INTO attempts (lease_id, job_id, number, pilot_id, node, outcome, leased_at, expires_at) VALUES {string.Join(", ", rows)}",
            parameters,
            transaction);
        await connection.ExecuteAsync(
            $"""
            UPDATE jobs SET state = 'running', attempts = a.number, pilot_id = a.pilot_id, lease_id = a.lease_id,
                started_at = COALESCE(jobs.started_at, a.leased_at), reason = NULL
            FROM attempts a
            WHERE a.job_id = jobs.id AND a.lease_id IN ({string.Join(", ", Enumerable.Range(0, leased.Count).Select(i => $"@L{i}"))})
            """,
            parameters,
            transaction);
    }

    /// <summary>Records how an attempt ended and moves its job on; returns true when the job went back to the queue.</summary>
    private async Task<bool> EndAttemptAsync(DbConnection connection, DbTransaction transaction, AttemptRow attempt, AttemptReport report)
    {
        await connection.ExecuteAsync(
            """
            UPDATE attempts SET outcome = @Outcome, exit_code = @ExitCode, reason = @Reason, finished_at = @FinishedAt,
                started_at = COALESCE(@StartedAt, started_at), phases = @Phases
            WHERE lease_id = @LeaseId
            """,
            new
            {
                attempt.LeaseId,
                Outcome = StoredEnum.Text(report.Outcome),
                report.ExitCode,
                report.Reason,
                FinishedAt = report.FinishedAt.ToUnixTimeMilliseconds(),
                StartedAt = report.StartedAt?.ToUnixTimeMilliseconds(),
                Phases = report.Phases is { Count: > 0 } phases ? Json(WithLeasePhase(attempt, phases)) : null,
            },
            transaction);

        await LockAsync(connection, transaction, "jobs", "id = @Id", new { Id = attempt.JobId });
        var job = await connection.QuerySingleAsync<(string State, string? Reason, long Dependents)>(
            "SELECT state, reason, (SELECT COUNT(*) FROM dependencies WHERE parent_id = @Id) FROM jobs WHERE id = @Id", new { Id = attempt.JobId }, transaction);
        var disposition = StoredEnum.Parse<JobState>(job.State) == JobState.Cancelled
            ? new JobDisposition(JobState.Cancelled, job.Reason ?? CancelReason.ByOwner)
            : RetryRules.Unconditional(report.Outcome)
                ?? RetryRules.Next(await RetryPolicyAsync(connection, transaction, attempt.JobId), await TallyAsync(connection, transaction, attempt.JobId), report.Outcome, report.ExitCode);
        var reason = report.Reason is { Length: > 0 } detail && report.Outcome != AttemptOutcome.Succeeded
            ? $"{disposition.Reason} ({detail})"
            : disposition.Reason;
        var requeued = disposition.State == JobState.Queued;
        await connection.ExecuteAsync(
            """
            UPDATE jobs SET state = @State, reason = @Reason, exit_code = @ExitCode, last_outcome = @Outcome,
                finished_at = @FinishedAt, log_tail = COALESCE(@LogTail, log_tail),
                pilot_id = CASE WHEN @Requeued = 1 THEN NULL ELSE pilot_id END,
                lease_id = CASE WHEN @Requeued = 1 THEN NULL ELSE lease_id END
            WHERE id = @JobId
            """,
            new
            {
                attempt.JobId,
                State = StoredEnum.Text(disposition.State),
                Reason = reason,
                report.ExitCode,
                Outcome = StoredEnum.Text(report.Outcome),
                FinishedAt = requeued ? (long?)null : report.FinishedAt.ToUnixTimeMilliseconds(),
                report.LogTail,
                Requeued = requeued ? 1 : 0,
            },
            transaction);
        if (!requeued && job.Dependents > 0)
        {
            await ReleaseDependentsAsync(connection, transaction, attempt.JobId, disposition.State);
        }

        return requeued;
    }

    /// <summary>The pilot times setup, payload and report; the lease phase runs from the grant to the first of them.</summary>
    private static IReadOnlyList<AttemptPhase> WithLeasePhase(AttemptRow attempt, IReadOnlyList<AttemptPhase> phases)
    {
        var leasedAt = At(attempt.LeasedAt);
        var first = phases.Min(p => p.StartedAt);
        return first > leasedAt ? [new AttemptPhase(AttemptPhase.Lease, leasedAt, first), .. phases] : phases;
    }

    private static async Task<RetryPolicy> RetryPolicyAsync(DbConnection connection, DbTransaction transaction, long jobId) =>
        FromJson<JobSpec>(await connection.QuerySingleAsync<string>("SELECT spec FROM jobs WHERE id = @Id", new { Id = jobId }, transaction)).Retries ?? new RetryPolicy();

    private static async Task<AttemptTally> TallyAsync(DbConnection connection, DbTransaction transaction, long jobId)
    {
        var counts = await connection.QueryAsync<(string Outcome, long Count)>(
            "SELECT outcome, COUNT(*) FROM attempts WHERE job_id = @JobId AND outcome <> 'running' GROUP BY outcome", new { JobId = jobId }, transaction);
        return new AttemptTally(counts.ToDictionary(c => StoredEnum.Parse<AttemptOutcome>(c.Outcome), c => (int)c.Count));
    }

    /// <summary>A lease held by a pilot registered under another pilot token is reported as missing.</summary>
    private static async Task<AttemptRow> FindAttemptAsync(DbConnection connection, string leaseId, DbTransaction? transaction, string? owner)
    {
        var row = await connection.QuerySingleOrDefaultAsync<AttemptRow>(
            "SELECT a.*, p.owner AS pilot_owner FROM attempts a LEFT JOIN pilots p ON p.id = a.pilot_id WHERE a.lease_id = @LeaseId",
            new { LeaseId = leaseId },
            transaction);
        return row is not null && (owner is null || row.PilotOwner == owner)
            ? row
            : throw new NotFoundException($"lease {leaseId} does not exist");
    }

    private Task LockAttemptAsync(DbConnection connection, DbTransaction transaction, string leaseId) =>
        LockAsync(connection, transaction, "attempts", "lease_id = @LeaseId", new { LeaseId = leaseId });

    private static Lease ToLease(AttemptRow row) =>
        new(row.LeaseId, row.JobId, row.Number, row.PilotId, At(row.ExpiresAt), StoredEnum.Parse<AttemptOutcome>(row.Outcome));
}
