using Pilot.Contracts;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Interactive;

/// <summary><c>GET /api/v1/jobs/ID/interactive</c>: where the job's session opens, and whether its service answers yet.</summary>
internal static class SessionViewEndpoints
{
    public static void MapSessionView(this RouteGroupBuilder api) =>
        api.MapGet(ApiRoutes.JobInteractive, GetAsync).RequireAuthorization(AccessPolicy.User);

    private static async Task<InteractiveView> GetAsync(
        long id, HttpRequest request, Caller caller, IJobStore store, TunnelRegistry registry, ServiceProbe probe, SessionOrigin origin, CancellationToken ct)
    {
        var job = await store.GetJobAsync(id, caller.Owner, ct);
        if (job.Spec.Interactive is not { } interactive)
        {
            throw new NotFoundException($"job {id} is not interactive; submit it with 'interactive' (pilot submit --interactive jupyter)");
        }

        var url = origin.Of(request) + TunnelProtocol.ProxyPrefix(id);
        var place = await registry.LocateAsync(id, elsewhere: true, ct);
        if (SessionState.Refusal(job, place) is { } refusal)
        {
            return new InteractiveView { Url = url, Ready = false, Reason = refusal.Reason };
        }

        var ready = await probe.AnswersAsync(id, place, interactive, ct);
        return new InteractiveView { Url = url, Ready = ready, Reason = ready ? null : $"job {id} runs and its tunnel is up, but its service does not answer yet" };
    }
}
