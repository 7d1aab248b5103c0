using Pilot.Contracts;
using Pilot.Server.Logs;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Queue;

/// <summary>The pilots' routes to the queue: the exchange, the plain lease, one attempt's report, and its log chunks.</summary>
internal static class LeaseEndpoints
{
    public static void MapLeases(this RouteGroupBuilder api)
    {
        var pilots = api.MapGroup(string.Empty).RequireAuthorization(AccessPolicy.Pilot);
        pilots.MapPost(ApiRoutes.PilotWork, (string pilotId, WorkRequest request, Caller caller, WorkExchange exchange, CancellationToken ct) =>
            exchange.ExchangeAsync(pilotId, caller.Owner, request, ct));
        pilots.MapPost(ApiRoutes.PilotLease, (string pilotId, LeaseRequest request, Caller caller, WorkExchange exchange, CancellationToken ct) =>
            exchange.LeaseAsync(pilotId, caller.Owner, request, ct));
        pilots.MapPost(ApiRoutes.LeaseReport, async (string leaseId, AttemptReport report, Caller caller, WorkExchange exchange, CancellationToken ct) =>
        {
            await exchange.ReportAsync(leaseId, caller.Owner, report, ct);
            return TypedResults.NoContent();
        });
        pilots.MapPost(ApiRoutes.LeaseLog, AppendLogAsync);
    }

    private static async Task<IResult> AppendLogAsync(
        string leaseId, [Microsoft.AspNetCore.Mvc.FromQuery(Name = ApiRoutes.Query.Token)] long token, [Microsoft.AspNetCore.Mvc.FromQuery(Name = ApiRoutes.Query.Offset)] long offset,
        HttpRequest request, Caller caller, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var (jobId, attempt) = await store.GetActiveAttemptAsync(leaseId, token, caller.Owner, ct);
        await logs.AppendAsync(jobId, attempt, offset, request.Body, ct);
        return TypedResults.NoContent();
    }
}
