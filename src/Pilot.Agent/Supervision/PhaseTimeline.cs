using Pilot.Contracts;

namespace Pilot.Agent.Supervision;

/// <summary>Times an attempt's phases back to back: starting one ends the one before.</summary>
internal sealed class PhaseTimeline(TimeProvider time)
{
    private readonly List<AttemptPhase> _ended = [];
    private (string Name, DateTimeOffset StartedAt)? _current;

    public void Begin(string name)
    {
        var now = time.GetUtcNow();
        End(now);
        _current = (name, now);
    }

    /// <summary>The phases so far, the current one ending now.</summary>
    public IReadOnlyList<AttemptPhase> Close()
    {
        End(time.GetUtcNow());
        return _ended.ToList();
    }

    private void End(DateTimeOffset now)
    {
        if (_current is { } current)
        {
            _ended.Add(new AttemptPhase(current.Name, current.StartedAt, now));
            _current = null;
        }
    }
}
