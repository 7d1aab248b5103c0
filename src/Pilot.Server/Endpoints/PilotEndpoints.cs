using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Monitoring;
using Pilot.Server.Queue;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Endpoints;

/// <summary>Pilots' side of the queue: register, heartbeat, lease work (long poll), leave.</summary>
internal static class PilotEndpoints
{
    public static void MapPilots(this RouteGroupBuilder api)
    {
        api.MapGet("/pilots", (IJobStore store, CancellationToken ct) => store.ListPilotsAsync(ct)).RequireAuthorization(AccessPolicy.Admin);
        api.MapPost("/pilots/{pilotId}/drain", (string pilotId, IJobStore store, CancellationToken ct) =>
            OrderAsync(pilotId, PilotCommandKind.Drain, "an operator asked this pilot to drain: take no more work, finish what runs, leave", store, ct))
            .RequireAuthorization(AccessPolicy.Admin);
        api.MapPost("/pilots/{pilotId}/shutdown", (string pilotId, IJobStore store, CancellationToken ct) =>
            OrderAsync(pilotId, PilotCommandKind.Shutdown, "an operator asked this pilot to shut down: evict what runs (requeued) and leave", store, ct))
            .RequireAuthorization(AccessPolicy.Admin);
        var pilots = api.MapGroup("/pilots").RequireAuthorization(AccessPolicy.Pilot);
        pilots.MapPost(string.Empty, RegisterAsync);
        pilots.MapDelete("/{pilotId}", async (string pilotId, string? reason, [FromQuery(Name = "node_broken")] bool? nodeBroken, Caller caller, IJobStore store, CancellationToken ct) =>
        {
            await store.DeregisterPilotAsync(pilotId, caller.Owner, reason, nodeBroken == true, ct);
            return TypedResults.NoContent();
        });
        pilots.MapPost("/{pilotId}/heartbeat", async (string pilotId, Heartbeat heartbeat, Caller caller, IJobStore store, PilotSummaries summaries, CancellationToken ct) =>
        {
            var response = await store.HeartbeatAsync(pilotId, caller.Owner, heartbeat, ct);
            summaries.Record(pilotId, heartbeat);
            return response;
        });
        pilots.MapPost("/{pilotId}/lease", LeaseAsync);
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

    /// <summary>Grants what fits now; when nothing does, waits for new work up to the requested time (or until the server stops) before answering empty.</summary>
    private static async Task<LeaseResponse> LeaseAsync(
        string pilotId,
        LeaseRequest request,
        Caller caller,
        IJobStore store,
        QueueSignal signal,
        ServerMetrics metrics,
        TimeProvider time,
        IOptions<ServerOptions> options,
        IHostApplicationLifetime lifetime,
        CancellationToken ct)
    {
        if (request.FreeNodes?.Any(node => node is null) == true)
        {
            throw new BadHttpRequestException("free_nodes must list one object per node, such as {\"cores\": 4, \"memory_mb\": 8000}; it has a null entry");
        }

        var wait = TimeSpan.FromSeconds(Math.Clamp(request.WaitSeconds, 0, options.Value.MaxLeaseWait.TotalSeconds));
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var jobs = await store.LeaseAsync(pilotId, caller.Owner, request, ct);
            var left = deadline - time.GetUtcNow();
            // A stopping server answers its long polls now, so its pilots ask again elsewhere instead of holding up the stop.
            if (jobs.Count > 0 || left <= TimeSpan.Zero || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                metrics.LeasesGranted(jobs, time.GetUtcNow());
                return new LeaseResponse(jobs);
            }

            await signal.WaitAsync(left, time, ct);
        }
    }
}
