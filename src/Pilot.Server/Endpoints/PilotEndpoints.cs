using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Monitoring;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Endpoints;

/// <summary>Pilots' standing with the server: register, heartbeat, leave; and operators' orders to them. Work itself goes through <see cref="Queue.LeaseEndpoints"/>.</summary>
internal static class PilotEndpoints
{
    public static void MapPilots(this RouteGroupBuilder api)
    {
        api.MapGet(ApiRoutes.Pilots, (IJobStore store, CancellationToken ct) => store.ListPilotsAsync(ct)).RequireAuthorization(AccessPolicy.Admin);
        api.MapPost(ApiRoutes.PilotDrain, (string pilotId, IJobStore store, CancellationToken ct) =>
            OrderAsync(pilotId, PilotCommandKind.Drain, "an operator asked this pilot to drain: take no more work, finish what runs, leave", store, ct))
            .RequireAuthorization(AccessPolicy.Admin);
        api.MapPost(ApiRoutes.PilotShutdown, (string pilotId, IJobStore store, CancellationToken ct) =>
            OrderAsync(pilotId, PilotCommandKind.Shutdown, "an operator asked this pilot to shut down: evict what runs (requeued) and leave", store, ct))
            .RequireAuthorization(AccessPolicy.Admin);
        var pilots = api.MapGroup(string.Empty).RequireAuthorization(AccessPolicy.Pilot);
        pilots.MapPost(ApiRoutes.Pilots, RegisterAsync);
        pilots.MapDelete(ApiRoutes.Pilot, async (
            string pilotId, [FromQuery(Name = ApiRoutes.Query.Reason)] string? reason, [FromQuery(Name = ApiRoutes.Query.NodeBroken)] bool? nodeBroken, Caller caller, IJobStore store, CancellationToken ct) =>
        {
            await store.DeregisterPilotAsync(pilotId, caller.Owner, reason, nodeBroken == true, ct);
            return TypedResults.NoContent();
        });
        pilots.MapPost(ApiRoutes.PilotHeartbeat, async (string pilotId, Heartbeat heartbeat, Caller caller, IJobStore store, PilotSummaries summaries, CancellationToken ct) =>
        {
            var response = await store.HeartbeatAsync(pilotId, caller.Owner, heartbeat, ct);
            summaries.Record(pilotId, heartbeat);
            return response;
        });
    }

    private static async Task<PilotRegistered> RegisterAsync(PilotRegistration registration, Caller caller, IJobStore store, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var id = await store.RegisterPilotAsync(registration, caller.Name, ct);
        var settings = options.Value;
        return new PilotRegistered(id, (int)settings.HeartbeatInterval.TotalSeconds, (int)settings.LeaseTtl.TotalSeconds);
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Accepted<PilotView>> OrderAsync(
        string pilotId, PilotCommandKind kind, string reason, IJobStore store, CancellationToken ct)
    {
        var pilot = await store.OrderPilotAsync(pilotId, new PilotCommand(kind, null, reason), ct);
        return TypedResults.Accepted((string?)null, pilot);
    }
}
