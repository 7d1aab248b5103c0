using System.Data.Common;
using Dapper;
using Pilot.Contracts;
using Pilot.Core.Leasing;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    public async Task<(WorkResponse Response, bool Replayed)> ExchangeAsync(string pilotId, string? owner, WorkRequest request, CancellationToken cancellationToken)
    {
        var (answer, requeued, replayed) = await WriteAsync(
            async (connection, transaction) =>
            {
                var pilot = await FindExchangingPilotAsync(connection, transaction, pilotId, owner);
                if (request.Sequence == pilot.ExchangeSequence && pilot.ExchangeAnswer is { } stored)
                {
                    return (await ReplayAsync(connection, transaction, pilot, FromJson<StoredAnswer>(stored)), false, true);
                }

                if (request.Sequence <= pilot.ExchangeSequence)
                {
                    throw new ConflictException(
                        $"exchange {request.Sequence} of pilot {pilotId} is older than its last one ({pilot.ExchangeSequence}); a new request takes the next number");
                }

                var (receipts, anyRequeued) = await ApplyReportsAsync(connection, transaction, owner, request.Reports);
                var beat = await BeatAsync(connection, transaction, pilot, request.Heartbeat);
                var jobs = request.Lease is { } wanted && !request.Heartbeat.Draining ? await GrantAsync(connection, transaction, pilot, wanted) : [];
                var response = new WorkResponse { Sequence = request.Sequence, Reports = receipts, Renewed = beat.Renewed, Jobs = jobs, Commands = beat.Commands };
                await SaveAnswerAsync(connection, transaction, pilot.Id, response, open: jobs.Count == 0 && request.Lease is { WaitSeconds: > 0 });
                return (response, anyRequeued, false);
            },
            cancellationToken);
        if (requeued)
        {
            queueSignal.Pulse();
        }

        return (answer, replayed);
    }

    public Task<IReadOnlyList<LeasedJob>> GrantWaitingAsync(string pilotId, string? owner, long sequence, LeaseRequest request, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<LeasedJob>>(
            async (connection, transaction) =>
            {
                var pilot = await FindExchangingPilotAsync(connection, transaction, pilotId, owner);
                if (pilot.ExchangeSequence != sequence || pilot.ExchangeOpen == 0 || pilot.ExchangeAnswer is not { } stored)
                {
                    // A retry was answered meanwhile, or the pilot moved on: granting now would hand out jobs nobody receives.
                    return [];
                }

                var jobs = await GrantAsync(connection, transaction, pilot, request);
                if (jobs.Count > 0)
                {
                    var answer = FromJson<StoredAnswer>(stored);
                    await connection.ExecuteAsync(
                        "UPDATE pilots SET exchange_answer = @Answer, exchange_open = 0 WHERE id = @Id",
                        new { Id = pilot.Id, Answer = Json(answer with { Leases = [.. jobs.Select(j => j.LeaseId)] }) },
                        transaction);
                }

                return jobs;
            },
            cancellationToken);

    /// <summary>The pilot's row, locked first: a retry reaching another server sharing the database waits and then replays this answer.</summary>
    private async Task<PilotRow> FindExchangingPilotAsync(DbConnection connection, DbTransaction transaction, string pilotId, string? owner)
    {
        await LockAsync(connection, transaction, "pilots", "id = @Id", new { Id = pilotId });
        return await FindPilotAsync(connection, pilotId, transaction, owner);
    }

    /// <summary>Each report on its own: one that is refused (stale fencing token, unknown lease) does not stop the others.</summary>
    private async Task<(IReadOnlyList<ReportReceipt> Receipts, bool Requeued)> ApplyReportsAsync(
        DbConnection connection, DbTransaction transaction, string? owner, IReadOnlyList<LeaseReport> reports)
    {
        var receipts = new List<ReportReceipt>(reports.Count);
        var requeued = false;
        foreach (var (leaseId, report) in reports)
        {
            try
            {
                requeued |= await ApplyReportAsync(connection, transaction, leaseId, owner, report);
                receipts.Add(new ReportReceipt(leaseId, true));
            }
            catch (Exception e) when (e is StaleLeaseException or NotFoundException or BadHttpRequestException)
            {
                receipts.Add(new ReportReceipt(leaseId, false, e.Message));
            }
        }

        return (receipts, requeued);
    }

    private static Task<int> SaveAnswerAsync(DbConnection connection, DbTransaction transaction, string pilotId, WorkResponse response, bool open) =>
        connection.ExecuteAsync(
            "UPDATE pilots SET exchange_sequence = @Sequence, exchange_answer = @Answer, exchange_open = @Open WHERE id = @Id",
            new
            {
                Id = pilotId,
                response.Sequence,
                Answer = Json(new StoredAnswer(response.Reports, response.Renewed, [.. response.Jobs.Select(j => j.LeaseId)], response.Commands)),
                Open = open ? 1L : 0L,
            },
            transaction);

    /// <summary>The answer already given under this sequence number, with the granted jobs read back; a waiting grant can no longer add to it.</summary>
    private async Task<WorkResponse> ReplayAsync(DbConnection connection, DbTransaction transaction, PilotRow pilot, StoredAnswer stored)
    {
        await connection.ExecuteAsync("UPDATE pilots SET exchange_open = 0 WHERE id = @Id", new { pilot.Id }, transaction);
        var jobs = stored.Leases.Count == 0
            ? []
            : (await connection.QueryAsync<(string LeaseId, long Number, long ExpiresAt, long JobId, string Spec, long SubmittedAt)>(
                $"""
                SELECT a.lease_id, a.number, a.expires_at, j.id, j.spec, j.submitted_at FROM attempts a JOIN jobs j ON j.id = a.job_id
                WHERE {dialect.AnyOf("a.lease_id", "@Leases")}
                """,
                new { Leases = stored.Leases },
                transaction))
            .Select(row => new LeasedJob
            {
                JobId = row.JobId,
                LeaseId = row.LeaseId,
                FencingToken = row.Number,
                ExpiresAt = At(row.ExpiresAt),
                Attempt = (int)row.Number,
                Spec = FromJson<JobSpec>(row.Spec),
                SubmittedAt = At(row.SubmittedAt),
            })
            .ToList();
        return new WorkResponse { Sequence = pilot.ExchangeSequence, Reports = stored.Reports, Renewed = stored.Renewed, Jobs = jobs, Commands = stored.Commands };
    }
}
