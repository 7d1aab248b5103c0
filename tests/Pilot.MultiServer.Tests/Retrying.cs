using System.Net;
using Refit;

namespace Pilot.MultiServer.Tests;

/// <summary>
/// The test's own client calls ride through a server dying as every client's do: a failed idempotent call (a read,
/// or a submission with an idempotency key) is tried again for a while.
/// </summary>
public static class Retrying
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or TaskCanceledException or ApiRequestException => true,
        // The answer's headers came, then its server died in the middle of the body.
        ApiException { InnerException: HttpRequestException } => true,
        ApiException api => api.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };
}
