using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Pilot.Contracts;
using Pilot.Server.Security;
using Pilot.Server.Storage;
using Yarp.ReverseProxy.Forwarder;

namespace Pilot.Server.Interactive;

/// <summary>
/// <c>/jobs/ID/proxy/…</c>: a running interactive job's service, through its agent's tunnel, for its owner and admins
/// only; every request is checked (the WebSocket upgrade too), then forwarded by YARP.
/// </summary>
internal static class SessionProxyEndpoints
{
    private static readonly ForwarderRequestConfig Forwarding = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    public static void MapSessionProxy(this IEndpointRouteBuilder app)
    {
        app.Map("/jobs/{id:long}/proxy", (long id) => TypedResults.Redirect(TunnelProtocol.ProxyPrefix(id))).ExcludeFromDescription().AllowAnonymous();
        app.Map("/jobs/{id:long}/proxy/{**rest}", ForwardAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> ForwardAsync(
        long id, string? rest, HttpContext context, SessionLogin login, SessionOrigin origin, IJobStore store, TunnelRegistry registry,
        TunnelConnector connector, IHttpForwarder forwarder, ILoggerFactory loggers)
    {
        var request = context.Request;
        context.Response.Headers.ContentSecurityPolicy = SessionTransformer.FrameAncestors;
        if (!origin.Serves(request))
        {
            return Refuse(StatusCodes.Status404NotFound, $"job sessions are served at {origin.Of(request)}");
        }

        var byCookie = !(context.User.Identity?.IsAuthenticated ?? false);
        var caller = byCookie ? await login.FindAsync(request, id) : Caller.From(context.User);
        if (caller is null)
        {
            return HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
                ? TypedResults.Redirect(SessionLoginEndpoints.PathOf(id) + "?return=" + Uri.EscapeDataString(request.Path + request.QueryString))
                : Refuse(StatusCodes.Status401Unauthorized, $"log in at {SessionLoginEndpoints.PathOf(id)} with your API token, or send it as a Bearer token");
        }

        if (caller.Role == TokenRole.Pilot)
        {
            return Refuse(StatusCodes.Status403Forbidden, "a pilot token may not open sessions; use the job owner's user token");
        }

        if (!origin.Allows(request, byCookie))
        {
            return Refuse(StatusCodes.Status403Forbidden, $"this request must come from a page of {origin.Of(request)} (its Origin header is missing or foreign)");
        }

        var job = await store.GetJobAsync(id, caller.Owner, context.RequestAborted);
        if (SessionState.Refusal(job, registry) is { } refusal)
        {
            return Refuse(refusal.Status, refusal.Reason);
        }

        var tunnel = registry.Find(id)!;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Streamed through, never buffered: an upload to a notebook is as large as the user needs.
            limit.MaxRequestBodySize = null;
        }

        var transformer = new SessionTransformer(tunnel, job.Spec.Interactive!.KeepPrefix ? (PathString?)null : new PathString("/" + rest));
        var error = await forwarder.SendAsync(context, TunnelConnector.DestinationOf(id), connector.Invoker, Forwarding, transformer);
        if (error != ForwarderError.None)
        {
            Log.SessionForwardFailed(loggers.CreateLogger(typeof(SessionProxyEndpoints)), id, error.ToString(), context.GetForwarderErrorFeature()?.Exception?.Message ?? "");
        }

        return TypedResults.Empty;
    }

    private static ProblemHttpResult Refuse(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
