using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Security;

namespace Pilot.Server.Interactive;

/// <summary>
/// A browser's login to one job's session: the API token, encrypted by the server, in an HttpOnly cookie scoped to the
/// job's proxy path. The token is checked again on every request, so revoking it ends the login.
/// </summary>
internal sealed class SessionLogin(IDataProtectionProvider protection, TokenDirectory tokens, TimeProvider time, IOptions<InteractiveOptions> options)
{
    public const string CookieName = "pilot_session";

    public async Task<Caller?> FindAsync(HttpRequest request, long jobId)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 } cookie)
        {
            return null;
        }

        string secret;
        try
        {
            secret = Protector(jobId).Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null;
        }

        return await tokens.FindAsync(secret, request.HttpContext.RequestAborted);
    }

    public void Grant(HttpResponse response, long jobId, string secret)
    {
        var lifetime = options.Value.LoginLifetime;
        response.Cookies.Append(CookieName, Protector(jobId).Protect(secret, lifetime), new CookieOptions
        {
            Path = TunnelProtocol.ProxyPrefix(jobId),
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Expires = time.GetUtcNow() + lifetime,
        });
    }

    /// <summary>Replaces the outgoing request's cookies by the browser's without the login cookie, which no service or other server sees.</summary>
    public static void KeepServiceCookies(HttpRequest from, HttpRequestMessage to)
    {
        to.Headers.Remove("Cookie");
        var kept = from.Headers.Cookie.ToString()
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith(CookieName + "=", StringComparison.Ordinal))
            .ToList();
        if (kept.Count > 0)
        {
            to.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", kept));
        }
    }

    private ITimeLimitedDataProtector Protector(long jobId) =>
        protection.CreateProtector("Pilot.Interactive.Login", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToTimeLimitedDataProtector();
}
