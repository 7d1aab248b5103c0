using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary>Polls a job until it has ended.</summary>
internal static class JobWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static bool HasEnded(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static async Task<JobView> WaitForEndAsync(IPilotApi api, long id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await api.GetJobAsync(id, cancellationToken);
            if (HasEnded(job.State))
            {
                return job;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
