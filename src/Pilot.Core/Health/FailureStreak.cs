using Pilot.Contracts;

namespace Pilot.Core.Health;

/// <summary>
/// Payloads failing fast one after another usually mean a broken node (full disk, bad mount, missing library), not
/// bad payloads: after <see cref="Limit"/> such failures in a row the pilot should stop taking work.
/// </summary>
public sealed class FailureStreak(int limit, TimeSpan fast)
{
    private readonly Lock _gate = new();
    private int _count;

    /// <summary>0 never trips.</summary>
    public int Limit { get; } = limit;

    public TimeSpan Fast { get; } = fast;

    /// <summary>Records one finished attempt; true when this one completes a suspicious streak.</summary>
    public bool Record(AttemptOutcome outcome, TimeSpan ran)
    {
        lock (_gate)
        {
            var suspicious = outcome is AttemptOutcome.PayloadFailed or AttemptOutcome.SetupFailed && ran < Fast;
            _count = suspicious ? _count + 1 : 0;
            return Limit > 0 && _count == Limit;
        }
    }
}
