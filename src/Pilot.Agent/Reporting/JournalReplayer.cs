using Microsoft.Extensions.Hosting;
using Pilot.Agent.Session;

namespace Pilot.Agent.Reporting;

/// <summary>Sends journaled results left by an outage or by a previous run of the agent on this work directory.</summary>
internal sealed class JournalReplayer(ResultReporter reporter, PilotSession session, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await session.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await reporter.ReplayAsync(stoppingToken);
            await Task.Delay(Period, time, stoppingToken);
        }
    }
}
