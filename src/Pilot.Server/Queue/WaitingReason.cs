using Pilot.Contracts;

namespace Pilot.Server.Queue;

/// <summary>
/// Says why a queued job waits when no pilot could take it as things stand: none of the active pilots is at the site
/// it asks for, or offers its runtime (pilots register only the runtimes they found on their node).
/// </summary>
internal static class WaitingReason
{
    public static JobView Explain(JobView job, IReadOnlyList<PilotView> pilots)
    {
        var runtime = job.Spec.Runtime.Type;
        var active = pilots.Where(p => p.State == "active").ToList();
        if (job.State == JobState.Queued && job.Spec.Site is { } site && !active.Any(p => p.Site == site))
        {
            var sites = active.Select(p => p.Site ?? "(none)").Distinct().Order(StringComparer.Ordinal).ToList();
            return Waiting(job, $"waiting: no active pilot at site '{site}' ({(sites.Count > 0 ? "active pilots are at " + string.Join(", ", sites) : "no pilot is active")})");
        }

        if (job.State != JobState.Queued || active.Any(p => p.Runtimes.Contains(runtime)))
        {
            return job;
        }

        var offered = active.SelectMany(p => p.Runtimes).Distinct().Order(StringComparer.Ordinal).ToList();
        return Waiting(job, $"waiting: no active pilot offers runtime '{runtime}' ({(offered.Count > 0 ? "they offer " + string.Join(", ", offered) : "no pilot is active")})");
    }

    private static JobView Waiting(JobView job, string reason) =>
        job with { Reason = job.Reason is { } previous ? $"{reason}; last attempt: {previous}" : reason };
}
