using Pilot.Contracts;

namespace Pilot.Core.Leasing;

/// <summary>How a job's ended attempts went, counted by outcome.</summary>
public sealed record AttemptTally(IReadOnlyDictionary<AttemptOutcome, int> Counts)
{
    public static AttemptTally Empty { get; } = new(new Dictionary<AttemptOutcome, int>());

    public int this[AttemptOutcome outcome] => Counts.GetValueOrDefault(outcome);

    public AttemptTally With(AttemptOutcome outcome)
    {
        var counts = new Dictionary<AttemptOutcome, int>(Counts);
        counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
        return new AttemptTally(counts);
    }
}
