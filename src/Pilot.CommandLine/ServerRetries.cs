using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Pilot.CommandLine;

/// <summary>
/// Rides through a server restarting or dying behind a load balancer: a read that failed on the way (no answer, 502,
/// 503, 504) is sent again a few times with backoff. Writes are not: the server may have done them.
/// </summary>
internal static class ServerRetries
{
    public static DelegatingHandler Handler() => new ResilienceHandler(
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 5,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldHandle = arguments => ValueTask.FromResult(
                    IsRead(arguments.Outcome.Result?.RequestMessage ?? arguments.Context.GetRequestMessage())
                    && HttpClientResiliencePredicates.IsTransient(arguments.Outcome)),
            })
            .Build());

    private static bool IsRead(HttpRequestMessage? request) => request?.Method == HttpMethod.Get || request?.Method == HttpMethod.Head;
}
