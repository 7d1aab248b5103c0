using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary>Polls a job until it has ended, showing the caller every poll and whether the job changed since the last.</summary>
internal static class JobWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static bool HasEnded(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static async Task<JobView> WaitForEndAsync(IPilotApi api, long id, Action<JobView, bool> seen, CancellationToken cancellationToken)
    {
        JobView? last = null;
        while (true)
        {
            var job = await api.GetJobAsync(id, cancellationToken);
            seen(job, last is null || job.State != last.State || job.Attempts != last.Attempts || job.PilotId != last.PilotId);

            if (HasEnded(job.State))
            {
                return job;
            }

            last = job;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
