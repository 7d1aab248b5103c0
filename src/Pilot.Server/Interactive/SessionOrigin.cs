using Microsoft.Extensions.Options;

namespace Pilot.Server.Interactive;

/// <summary>
/// The origin a job's page runs on, and the rule protecting it: an upgrade or a non-GET request must come from a page of
/// that origin, because the server adds the service's secret and the service then skips its own XSRF and Origin checks.
/// </summary>
internal sealed class SessionOrigin(IOptions<InteractiveOptions> options)
{
    public string Of(HttpRequest request) => options.Value.ProxyOrigin ?? $"{request.Scheme}://{request.Host}";

    /// <summary>With a separate proxy origin, sessions answer only on it.</summary>
    public bool Serves(HttpRequest request) =>
        options.Value.ProxyOrigin is not { } origin || string.Equals(new Uri(origin).Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A browser always sends <c>Origin</c> on these requests, so a missing one is refused for a cookie login; a
    /// script with an API token (no cookie) may leave it out.
    /// </summary>
    public bool Allows(HttpRequest request, bool byCookie)
    {
        var guarded = request.Headers.Upgrade.Count > 0 || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (!guarded)
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 ? !byCookie : string.Equals(origin, Of(request), StringComparison.OrdinalIgnoreCase);
    }
}
