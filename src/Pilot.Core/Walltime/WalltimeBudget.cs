namespace Pilot.Core.Walltime;

/// <summary>
/// How much of the allocation's remaining time a pilot can still promise to a payload: the time to the end,
/// less the margin it needs to evict cleanly before the batch system kills it.
/// </summary>
public sealed record WalltimeBudget(DateTimeOffset? End, TimeSpan EvictionMargin)
{
    public static WalltimeBudget Unlimited { get; } = new(null, TimeSpan.Zero);

    /// <summary>Null when the pilot has no deadline.</summary>
    public TimeSpan? LeasableTime(DateTimeOffset now)
    {
        if (End is not { } end)
        {
            return null;
        }

        var left = end - now - EvictionMargin;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public bool CanTake(TimeSpan walltime, DateTimeOffset now) => LeasableTime(now) is not { } left || walltime <= left;
}
