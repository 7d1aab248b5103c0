using Pilot.Server.Monitoring;

namespace Pilot.Server.Coordination;

/// <summary>An SQLite database has one server: it always leads.</summary>
internal sealed class SoleLeadership(ServerMetrics metrics) : ILeadership
{
    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        metrics.Leading(true);
        return Task.FromResult(CancellationToken.None);
    }

    public Task<bool> StillLeadsAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
