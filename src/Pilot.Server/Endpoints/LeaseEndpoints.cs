using Pilot.Contracts;
using Pilot.Server.Logs;
using Pilot.Server.Storage;

namespace Pilot.Server.Endpoints;

/// <summary>What a pilot sends about one attempt it holds: log chunks while it runs, and how it ended.</summary>
internal static class LeaseEndpoints
{
    public static void MapLeases(this RouteGroupBuilder api)
    {
        api.MapPost("/leases/{leaseId}/report", async (string leaseId, AttemptReport report, IJobStore store, CancellationToken ct) =>
        {
            await store.ReportAsync(leaseId, report, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/leases/{leaseId}/log", AppendLogAsync);
    }

    private static async Task<IResult> AppendLogAsync(string leaseId, long token, long offset, HttpRequest request, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var (jobId, attempt) = await store.GetActiveAttemptAsync(leaseId, token, ct);
        await logs.AppendAsync(jobId, attempt, offset, request.Body, ct);
        return TypedResults.NoContent();
    }
}
