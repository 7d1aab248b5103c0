using Pilot.Contracts;

namespace Pilot.Server.Interactive;

/// <summary>Why a job's session cannot be opened now, if it cannot: the one rule for the proxy and for the session's view.</summary>
internal static class SessionState
{
    public static (int Status, string Reason)? Refusal(JobView job, TunnelPlace tunnel)
    {
        if (job.Spec.Interactive is null)
        {
            return (StatusCodes.Status404NotFound, $"job {job.Id} is not interactive; submit it with 'interactive' (pilot submit --interactive jupyter)");
        }

        if (job.State != JobState.Running)
        {
            return (StatusCodes.Status409Conflict, $"job {job.Id} is {job.State.ToString().ToLowerInvariant()}; its session is open only while it runs");
        }

        return tunnel == TunnelPlace.Nowhere
            ? (StatusCodes.Status503ServiceUnavailable, $"job {job.Id} runs, but its pilot has not connected its tunnel (starting or reconnecting); try again in a few seconds")
            : null;
    }
}
