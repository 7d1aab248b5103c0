using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Contracts;
using Pilot.Core.Health;
using Pilot.Runtimes;

namespace Pilot.Agent.Supervision;

/// <summary>Watches finished payloads for a streak of fast failures and then stops the pilot taking work: the node is suspect.</summary>
internal sealed class PayloadHealth(DrainState drain, IOptions<AgentOptions> options, ILogger<PayloadHealth> logger)
{
    private readonly FailureStreak _streak = new(options.Value.FastFailures, options.Value.FastFailureTime);

    public void Record(LeasedJob job, PayloadResult result)
    {
        if (!_streak.Record(result.Outcome, result.FinishedAt - result.StartedAt))
        {
            return;
        }

        var reason = $"{_streak.Limit} payloads in a row failed within {_streak.Fast.TotalSeconds:0} s (last: job {job.JobId}, {result.Outcome}, {result.Reason ?? "exit " + result.ExitCode}); this node looks broken";
        Log.BrokenNode(logger, _streak.Limit, _streak.Fast.TotalSeconds, job.JobId, reason);
        drain.Begin(reason, nodeBroken: true);
    }
}
