using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Session;
using Pilot.Contracts;

namespace Pilot.Agent.Reporting;

/// <summary>Sends attempt results to the server through the journal: a result is never only in memory.</summary>
internal sealed class ResultReporter(IPilotApi api, ReportJournal journal, IOptions<AgentOptions> options, ILogger<ResultReporter> logger) : IDisposable
{
    private readonly SemaphoreSlim _replaying = new(1, 1);

    public void Dispose() => _replaying.Dispose();

    public async Task ReportAsync(string leaseId, AttemptReport report, CancellationToken cancellationToken)
    {
        journal.Save(leaseId, report);
        await SendAsync(leaseId, report, cancellationToken);
    }

    /// <summary>Sends what the journal still holds; returns how many remain unsent.</summary>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        await _replaying.WaitAsync(cancellationToken);
        try
        {
            var left = 0;
            foreach (var (leaseId, report) in journal.Pending())
            {
                left += await SendAsync(leaseId, report, cancellationToken) ? 0 : 1;
            }

            return left;
        }
        finally
        {
            _replaying.Release();
        }
    }

    /// <summary>True when the server has the result or refused it for good; false to keep it for later.</summary>
    private async Task<bool> SendAsync(string leaseId, AttemptReport report, CancellationToken cancellationToken)
    {
        try
        {
            await api.ReportAsync(leaseId, report, cancellationToken);
            Log.Reported(logger, leaseId, report.Outcome.ToString(), report.ExitCode);
        }
        catch (Exception e) when (ServerErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            Log.ServerUnreachable(logger, "report", options.Value.Server, e.Message);
            return false;
        }
        catch (Refit.ApiException e)
        {
            Log.ReportRefused(logger, leaseId, ServerErrors.Describe(e));
        }

        journal.Remove(leaseId);
        return true;
    }
}
