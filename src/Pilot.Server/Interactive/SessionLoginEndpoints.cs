using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Pilot.Contracts;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Interactive;

/// <summary>The page where a browser gives its API token once for a job's session and gets the session's cookie.</summary>
internal static class SessionLoginEndpoints
{
    public static string PathOf(long jobId) => $"/jobs/{jobId}/login";

    public static void MapSessionLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/{id:long}/login", (long id, HttpContext context) => Form(context, id, "Give your Pilot API token (pilot token create) to open this job's session in this browser.", StatusCodes.Status200OK))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/jobs/{id:long}/login", LogInAsync).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> LogInAsync(long id, HttpContext context, SessionLogin login, SessionOrigin origin, TokenDirectory tokens, IJobStore store)
    {
        if (!origin.Serves(context.Request) || !origin.Allows(context.Request, byCookie: true))
        {
            return TypedResults.Problem($"log in from a page of {origin.Of(context.Request)}", statusCode: StatusCodes.Status403Forbidden);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var secret = form["token"].ToString().Trim();
        var caller = secret.Length > 0 ? await tokens.FindAsync(secret, context.RequestAborted) : null;
        if (caller is null or { Role: TokenRole.Pilot })
        {
            return Form(context, id, "That token is unknown, revoked or a pilot's; give a user token.", StatusCodes.Status401Unauthorized);
        }

        await store.GetJobAsync(id, caller.Owner, context.RequestAborted);
        login.Grant(context.Response, id, secret);
        // Back to the page that asked for the login, but only inside this job's session (no open redirect).
        var back = context.Request.Query["return"].ToString();
        var prefix = TunnelProtocol.ProxyPrefix(id);
        return TypedResults.Redirect(back.StartsWith(prefix, StringComparison.Ordinal) && !back.Contains("/..", StringComparison.Ordinal) ? back : prefix);
    }

    private static ContentHttpResult Form(HttpContext context, long id, string message, int status)
    {
        context.Response.Headers.ContentSecurityPolicy = SessionTransformer.FrameAncestors;
        return TypedResults.Content(Page(id, WebUtility.HtmlEncode(message)), "text/html; charset=utf-8", statusCode: status);
    }

    private static string Page(long id, string message) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Pilot job {{id}}</title></head>
        <body style="font-family: sans-serif; max-width: 36em; margin: 4em auto">
        <h1>Open job {{id}}</h1>
        <p>{{message}}</p>
        <form method="post">
        <label>API token <input type="password" name="token" id="token" autocomplete="off" size="50" autofocus></label>
        <button type="submit" id="login">Open</button>
        </form>
        </body></html>
        """;
}
