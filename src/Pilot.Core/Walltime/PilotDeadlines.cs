namespace Pilot.Core.Walltime;

/// <summary>
/// A pilot's two deadlines, as glideinWMS has them: at <see cref="Retire"/> it stops taking work, at <see cref="Die"/>
/// it begins the graceful stop of what still runs, so that every job is reported before the batch system's kill and,
/// with a warning signal set, no job is leased that the signal would cut short.
/// </summary>
public sealed record PilotDeadlines(DateTimeOffset? Retire, DateTimeOffset? Die)
{
    /// <summary>A spread never takes more than this share of the time left, so short allocations stay usable.</summary>
    private const double MaxSpreadShare = 0.05;

    public static PilotDeadlines None { get; } = new(null, null);

    /// <param name="end">When the allocation ends; null for a pilot without a deadline.</param>
    public static PilotDeadlines Compute(DateTimeOffset? end, DateTimeOffset now, WalltimePolicy policy, Random random)
    {
        if (end is not { } ends)
        {
            return None;
        }

        var left = ends > now ? ends - now : TimeSpan.Zero;
        var spread = TimeSpan.FromTicks(Math.Min(policy.Spread.Ticks, (long)(left.Ticks * MaxSpreadShare)));
        var die = ends - policy.Grace - policy.ReportMargin - spread * random.NextDouble();
        if (policy.SignalLead is { } lead && ends - lead - WalltimePolicy.SignalEarliness is var warned && warned < die)
        {
            // The warning signal stops every payload: plan to be done by the earliest moment it may come.
            die = warned;
        }

        var retire = policy.MaxJobLength is { } longest ? die - longest - spread * random.NextDouble() : die;
        return new PilotDeadlines(retire, die);
    }

    /// <summary>The longest job that can still finish before <see cref="Die"/>; null when nothing limits it.</summary>
    public TimeSpan? LeasableTime(DateTimeOffset now) =>
        Die is { } die ? (die > now ? die - now : TimeSpan.Zero) : null;

    public bool ShouldRetire(DateTimeOffset now) => Retire is { } retire && now >= retire;

    /// <summary>Time until the graceful stop must begin; null when never.</summary>
    public TimeSpan? UntilDie(DateTimeOffset now) =>
        Die is { } die ? (die > now ? die - now : TimeSpan.Zero) : null;
}
