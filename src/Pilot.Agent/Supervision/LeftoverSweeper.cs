using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Reporting;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>
/// Before taking work, ends what a previous agent on this work directory left when it was killed outright: the
/// payload processes it was running (found by marker and cgroup), their scratch, and it journals their attempts as
/// <c>pilot_lost</c> so the server requeues them at once instead of after the lease TTL.
/// </summary>
internal sealed class LeftoverSweeper(
    AttemptRecords records,
    ReportJournal journal,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<LeftoverSweeper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var job in records.Leftovers)
        {
            var killed = await AttemptCleanup.KillLeftoversAsync(job.LeaseId, settings.MemoryCgroupRoot is { Length: > 0 } root ? root : null, time);
            if (!journal.Contains(job.LeaseId))
            {
                journal.Save(job.LeaseId, new AttemptReport
                {
                    FencingToken = job.FencingToken,
                    Outcome = AttemptOutcome.PilotLost,
                    FinishedAt = time.GetUtcNow(),
                    Reason = "the agent running it was killed; its payload was stopped when an agent restarted on the same node",
                });
            }

            AttemptScratch.Delete(AttemptScratch.PathOf(settings.WorkDirectory, job));
            records.End(job.LeaseId);
            Log.LeftoverSwept(logger, job.JobId, job.Attempt, killed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
