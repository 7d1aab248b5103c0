using System.Collections.Concurrent;
using Pilot.Contracts;

namespace Pilot.Server.Monitoring;

/// <summary>
/// The latest heartbeat summary of each pilot, in memory: the server exposes them as per-pilot gauges for sites whose
/// compute nodes cannot be scraped. After a restart they fill again within one heartbeat interval.
/// </summary>
internal sealed class PilotSummaries(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PilotSummary> _latest = new();

    public void Record(string pilotId, Heartbeat heartbeat) => _latest[pilotId] = new PilotSummary(heartbeat, time.GetUtcNow());

    public PilotSummary? Find(string pilotId) => _latest.TryGetValue(pilotId, out var summary) ? summary : null;

    /// <summary>Forgets the pilots not in <paramref name="alive"/> (gone or lost).</summary>
    public void Retain(IReadOnlySet<string> alive)
    {
        foreach (var id in _latest.Keys)
        {
            if (!alive.Contains(id))
            {
                _latest.TryRemove(id, out _);
            }
        }
    }
}
