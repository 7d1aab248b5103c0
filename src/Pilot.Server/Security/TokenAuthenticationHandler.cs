using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Pilot.Server.Security;

/// <summary>
/// Reads <c>Authorization: Bearer</c> and answers 401 (no or unknown token) and 403 (wrong role) as problem documents
/// that say what to do.
/// </summary>
internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, TokenDirectory tokens, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = SecretOf(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await tokens.FindAsync(secret, Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail("unknown or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = SchemeName;
        var detail = SecretOf(Request) is null
            ? "this request needs an API token: pass --token or set PILOT_TOKEN (a server's first start writes an admin token to admin.token in its data directory)"
            : "the API token is unknown or was revoked; ask an admin for a new one ('pilot token create')";
        return WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"a {Caller.From(Context.User).Role.ToString().ToLowerInvariant()} token may not do this; ask an admin for a token with the role it needs");

    private static string? SecretOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim() is { Length: > 0 } secret ? secret : null
            : null;

    private async Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
