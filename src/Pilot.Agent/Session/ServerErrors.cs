using System.Net;
using Refit;

namespace Pilot.Agent.Session;

/// <summary>Sorts failures talking to the server into "try again later" and "the server said no".</summary>
internal static class ServerErrors
{
    public static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException => true,
        TaskCanceledException => true,
        ApiRequestException => true,
        ApiException api => (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.TooManyRequests || api.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };

    public static bool Is(Exception e, HttpStatusCode status) => e is ApiException api && api.StatusCode == status;

    /// <summary>The server's own words from an RFC 7807 body, or the exception's message.</summary>
    public static string Describe(Exception e) =>
        e is ApiException api && api.Content is { Length: > 0 } body ? $"{(int)api.StatusCode}: {body}" : e.Message;
}
