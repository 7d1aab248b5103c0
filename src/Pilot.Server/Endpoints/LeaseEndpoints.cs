using System.Text;
using Pilot.Contracts;
using Pilot.Server.Logs;
using Pilot.Server.Monitoring;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Endpoints;

/// <summary>What a pilot sends about one attempt it holds: log chunks while it runs, and how it ended.</summary>
internal static class LeaseEndpoints
{
    public static void MapLeases(this RouteGroupBuilder api)
    {
        var leases = api.MapGroup("/leases").RequireAuthorization(AccessPolicy.Pilot);
        leases.MapPost("/{leaseId}/report", async (string leaseId, AttemptReport report, Caller caller, IJobStore store, LogStore logs, ServerMetrics metrics, CancellationToken ct) =>
        {
            if (report.Outcome == AttemptOutcome.Running)
            {
                throw new BadHttpRequestException("a report must say how the attempt ended: outcome 'running' is not an ending");
            }

            if (report is { LogTailIsWholeLog: true, LogTail: { } whole })
            {
                // Offset 0 makes a replayed report harmless: what is stored already is skipped.
                var (jobId, attempt) = await store.GetActiveAttemptAsync(leaseId, report.FencingToken, caller.Owner, ct);
                await logs.AppendAsync(jobId, attempt, 0, new MemoryStream(Encoding.UTF8.GetBytes(whole)), ct);
            }

            await store.ReportAsync(leaseId, caller.Owner, report, ct);
            metrics.AttemptReported(report);
            return TypedResults.NoContent();
        });
        leases.MapPost("/{leaseId}/log", AppendLogAsync);
    }

    private static async Task<IResult> AppendLogAsync(string leaseId, long token, long offset, HttpRequest request, Caller caller, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var (jobId, attempt) = await store.GetActiveAttemptAsync(leaseId, token, caller.Owner, ct);
        await logs.AppendAsync(jobId, attempt, offset, request.Body, ct);
        return TypedResults.NoContent();
    }
}
