using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Pilot.Contracts;
using Pilot.Server.Security;
using Pilot.Server.Storage;
using Yarp.ReverseProxy.Forwarder;

namespace Pilot.Server.Interactive;

/// <summary>
/// <c>/jobs/ID/proxy/…</c>: a running interactive job's service, through its agent's tunnel, for its owner and admins
/// only; every request is checked (the WebSocket upgrade too), then forwarded by YARP, through the tunnel when this
/// server holds it, else to the server of the database that does.
/// </summary>
internal static class SessionProxyEndpoints
{
    private static readonly ForwarderRequestConfig Forwarding = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    public static void MapSessionProxy(this IEndpointRouteBuilder app)
    {
        // One route for the prefix with and without its slash: routing does not tell them apart.
        app.Map("/jobs/{id:long}/proxy/{**rest}", ForwardAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> ForwardAsync(
        long id, string? rest, HttpContext context, SessionLogin login, SessionOrigin origin, IJobStore store, TunnelRegistry registry,
        TunnelConnector connector, SessionRelay relay, ServiceProbe probe, IHttpForwarder forwarder, ILoggerFactory loggers)
    {
        var request = context.Request;
        if (!request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(rest))
        {
            return TypedResults.Redirect(TunnelProtocol.ProxyPrefix(id));
        }

        context.Response.Headers.ContentSecurityPolicy = SessionTransformer.FrameAncestors;
        var relayed = relay.IsRelayed(request, id);
        var (refused, job) = relayed ? (null, await store.GetJobAsync(id, null, context.RequestAborted)) : await LetInAsync(id, context, login, origin, store);
        if (refused is not null)
        {
            return refused;
        }

        var place = await registry.LocateAsync(id, elsewhere: !relayed, context.RequestAborted);
        if (SessionState.Refusal(job!, place) is { } refusal)
        {
            return Refuse(refusal.Status, refusal.Reason);
        }

        if (relayed && request.Headers.ContainsKey(SessionRelay.ProbeHeader))
        {
            return await probe.AnswersAsync(place.Here!, job!.Spec.Interactive!, context.RequestAborted)
                ? TypedResults.NoContent()
                : Refuse(StatusCodes.Status503ServiceUnavailable, $"job {id}'s service does not answer yet");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Streamed through, never buffered: an upload to a notebook is as large as the user needs.
            limit.MaxRequestBodySize = null;
        }

        var error = place.Here is { } tunnel
            ? await forwarder.SendAsync(
                context, TunnelConnector.DestinationOf(id), connector.Invoker, Forwarding,
                new SessionTransformer(tunnel, job!.Spec.Interactive!.KeepPrefix ? (PathString?)null : new PathString("/" + rest)))
            : await relay.ForwardAsync(context, id, place.Holder!, keepCredentials: false);
        if (error == ForwarderError.None)
        {
            return TypedResults.Empty;
        }

        Log.SessionForwardFailed(loggers.CreateLogger(typeof(SessionProxyEndpoints)), id, error.ToString(), context.GetForwarderErrorFeature()?.Exception?.Message ?? "");
        return place.Holder is not null && !context.Response.HasStarted
            ? Refuse(StatusCodes.Status503ServiceUnavailable, $"the server holding job {id}'s tunnel does not answer; its pilot connects the tunnel again to another server within seconds")
            : TypedResults.Empty;
    }

    /// <summary>The caller's login, role and page origin, checked: a refusal, or the job as its owner (or an admin) sees it.</summary>
    private static async Task<(IResult? Refused, JobView? Job)> LetInAsync(long id, HttpContext context, SessionLogin login, SessionOrigin origin, IJobStore store)
    {
        var request = context.Request;
        if (!origin.Serves(request))
        {
            return (Refuse(StatusCodes.Status404NotFound, $"job sessions are served at {origin.Of(request)}"), null);
        }

        var byCookie = !(context.User.Identity?.IsAuthenticated ?? false);
        var caller = byCookie ? await login.FindAsync(request, id) : Caller.From(context.User);
        if (caller is null)
        {
            return (HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
                ? TypedResults.Redirect(SessionLoginEndpoints.PathOf(id) + "?return=" + Uri.EscapeDataString(request.Path + request.QueryString))
                : Refuse(StatusCodes.Status401Unauthorized, $"log in at {SessionLoginEndpoints.PathOf(id)} with your API token, or send it as a Bearer token"), null);
        }

        if (caller.Role == TokenRole.Pilot)
        {
            return (Refuse(StatusCodes.Status403Forbidden, "a pilot token may not open sessions; use the job owner's user token"), null);
        }

        if (!origin.Allows(request, byCookie))
        {
            return (Refuse(StatusCodes.Status403Forbidden, $"this request must come from a page of {origin.Of(request)} (its Origin header is missing or foreign)"), null);
        }

        return (null, await store.GetJobAsync(id, caller.Owner, context.RequestAborted));
    }

    private static ProblemHttpResult Refuse(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
