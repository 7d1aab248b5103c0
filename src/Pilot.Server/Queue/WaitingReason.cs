using Pilot.Contracts;

namespace Pilot.Server.Queue;

/// <summary>
/// Says why a queued job waits when no pilot could take it as things stand: none of the active pilots offers its
/// runtime (pilots register only the runtimes they found on their node).
/// </summary>
internal static class WaitingReason
{
    public static JobView Explain(JobView job, IReadOnlyList<PilotView> pilots)
    {
        var runtime = job.Spec.Runtime.Type;
        var active = pilots.Where(p => p.State == "active").ToList();
        if (job.State != JobState.Queued || active.Any(p => p.Runtimes.Contains(runtime)))
        {
            return job;
        }

        var offered = active.SelectMany(p => p.Runtimes).Distinct().Order(StringComparer.Ordinal).ToList();
        var reason = $"waiting: no active pilot offers runtime '{runtime}' ({(offered.Count > 0 ? "they offer " + string.Join(", ", offered) : "no pilot is active")})";
        return job with { Reason = job.Reason is { } previous ? $"{reason}; last attempt: {previous}" : reason };
    }
}
