using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary>Polls a job until it has ended, showing the caller every poll and whether the job changed since the last.</summary>
internal static class JobWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>A job cancelled while running ends when its pilot has reported the stopped payload, not at the cancel.</summary>
    public static bool HasEnded(JobView job) =>
        job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled && job.FinishedAt is not null;

    public static async Task<JobView> WaitForEndAsync(IPilotApi api, long id, Action<JobView, bool> seen, TimeProvider time, CancellationToken cancellationToken)
    {
        JobView? last = null;
        while (true)
        {
            var job = await api.GetJobAsync(id, cancellationToken);
            seen(job, last is null || job.State != last.State || job.Attempts != last.Attempts || job.PilotId != last.PilotId);

            if (HasEnded(job))
            {
                return job;
            }

            last = job;
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
