using System.Collections.Concurrent;
using Pilot.Contracts;

namespace Pilot.Server.Monitoring;

/// <summary>
/// The latest heartbeat summary of each pilot, in memory: the server exposes them as per-pilot gauges for sites whose
/// compute nodes cannot be scraped. After a restart they fill again within one heartbeat interval. Servers sharing a
/// database exchange them (<see cref="Coordination.PilotSummaryExchange"/>), so each shows every pilot.
/// </summary>
internal sealed class PilotSummaries(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PilotSummary> _latest = new();
    private readonly ConcurrentDictionary<string, PilotSummary> _recorded = new();

    public void Record(string pilotId, Heartbeat heartbeat)
    {
        var summary = new PilotSummary(heartbeat, time.GetUtcNow());
        _latest[pilotId] = summary;
        _recorded[pilotId] = summary;
    }

    public PilotSummary? Find(string pilotId) => _latest.TryGetValue(pilotId, out var summary) ? summary : null;

    /// <summary>The summaries this server received since the last call, for the other servers.</summary>
    public IReadOnlyList<(string PilotId, PilotSummary Summary)> TakeRecorded()
    {
        var taken = new List<(string, PilotSummary)>();
        foreach (var id in _recorded.Keys)
        {
            if (_recorded.TryRemove(id, out var summary))
            {
                taken.Add((id, summary));
            }
        }

        return taken;
    }

    /// <summary>A summary another server received; the newer of it and the one held wins.</summary>
    public void Merge(string pilotId, PilotSummary summary) =>
        _latest.AddOrUpdate(pilotId, summary, (_, held) => summary.ReceivedAt > held.ReceivedAt ? summary : held);

    /// <summary>Forgets the pilots not in <paramref name="alive"/> (gone or lost).</summary>
    public void Retain(IReadOnlySet<string> alive)
    {
        foreach (var id in _latest.Keys)
        {
            if (!alive.Contains(id))
            {
                _latest.TryRemove(id, out _);
                _recorded.TryRemove(id, out _);
            }
        }
    }
}
