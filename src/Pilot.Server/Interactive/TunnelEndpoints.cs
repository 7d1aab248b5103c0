using Pilot.Contracts;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Interactive;

/// <summary>Where agents connect the tunnels of their interactive attempts: a control WebSocket, and one data WebSocket per connection.</summary>
internal static class TunnelEndpoints
{
    private const int MinServiceTokenLength = 32;

    public static void MapTunnels(this RouteGroupBuilder api)
    {
        var leases = api.MapGroup("/leases").RequireAuthorization(AccessPolicy.Pilot).ExcludeFromDescription();
        leases.MapGet("/{leaseId}/tunnel", ConnectAsync);
        leases.MapGet("/{leaseId}/tunnel/{streamId}", JoinAsync);
    }

    private static async Task<IResult> ConnectAsync(
        string leaseId, long token, HttpContext context, Caller caller, IJobStore store, TunnelRegistry registry, TimeProvider time, CancellationToken ct)
    {
        var (jobId, _) = await store.GetActiveAttemptAsync(leaseId, token, caller.Owner, ct);
        var job = await store.GetJobAsync(jobId, null, ct);
        if (job.Spec.Interactive is null)
        {
            return TypedResults.Problem($"job {jobId} is not interactive; only interactive jobs have a tunnel", statusCode: StatusCodes.Status409Conflict);
        }

        var serviceToken = context.Request.Headers[TunnelProtocol.ServiceTokenHeader].ToString();
        if (serviceToken.Length < MinServiceTokenLength)
        {
            return TypedResults.Problem($"a tunnel needs the service's secret in {TunnelProtocol.ServiceTokenHeader} (at least {MinServiceTokenLength} characters)", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("a tunnel is a WebSocket; connect with an upgrade request", statusCode: StatusCodes.Status400BadRequest);
        }

        using var control = await context.WebSockets.AcceptWebSocketAsync();
        var reconnect = context.Request.Headers[TunnelProtocol.ReconnectHeader] == "1";
        using var tunnel = new AgentTunnel(jobId, leaseId, serviceToken, control, time);
        await registry.ServeAsync(tunnel, reconnect, ct);
        return TypedResults.Empty;
    }

    /// <summary>
    /// A data WebSocket, asked for on the control WebSocket; it may reach another server of the database than the
    /// control one (a load balancer picks each connection's server), which relays it to the holder.
    /// </summary>
    private static async Task<IResult> JoinAsync(
        string leaseId, long token, string streamId, HttpContext context, Caller caller, IJobStore store, TunnelRegistry registry, SessionRelay relay, CancellationToken ct)
    {
        var (jobId, _) = await store.GetActiveAttemptAsync(leaseId, token, caller.Owner, ct);
        var place = await registry.LocateAsync(jobId, elsewhere: !relay.IsRelayed(context.Request, jobId), ct);
        if (place.Holder is { } holder && context.WebSockets.IsWebSocketRequest)
        {
            await relay.ForwardAsync(context, jobId, holder, keepCredentials: true);
            return TypedResults.Empty;
        }

        if (place.Here is not { } tunnel || tunnel.LeaseId != leaseId || !context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("no tunnel of this lease asked for this connection", statusCode: StatusCodes.Status404NotFound);
        }

        using var data = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new TunnelStreamSocket(data);
        if (tunnel.Join(streamId, socket))
        {
            using var serving = registry.UntilStopping(ct);
            await socket.Ended.WaitAsync(serving.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return TypedResults.Empty;
    }
}
