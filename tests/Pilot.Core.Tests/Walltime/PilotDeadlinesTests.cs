using Microsoft.Extensions.Time.Testing;
using Pilot.Core.Walltime;

namespace Pilot.Core.Tests.Walltime;

[TestFixture]
public sealed class PilotDeadlinesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly WalltimePolicy NoSpread = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), null, TimeSpan.Zero);

    [Test]
    public void Compute_NoEnd_HasNoDeadlines()
    {
        var deadlines = PilotDeadlines.Compute(null, Start, NoSpread, new Random(1));

        Assert.That(deadlines, Is.EqualTo(PilotDeadlines.None));
        Assert.That(deadlines.LeasableTime(Start), Is.Null);
        Assert.That(deadlines.ShouldRetire(Start.AddYears(10)), Is.False);
    }

    [Test]
    public void Compute_WithoutMaxJobLength_DiesGracePlusMarginBeforeTheEndAndRetiresThen()
    {
        var deadlines = PilotDeadlines.Compute(Start.AddHours(1), Start, NoSpread, new Random(1));

        Assert.That(deadlines.Die, Is.EqualTo(Start.AddHours(1).AddSeconds(-40)));
        Assert.That(deadlines.Retire, Is.EqualTo(deadlines.Die));
    }

    [Test]
    public void Compute_SignalLead_DiesByTheEarliestMomentTheWarningMayCome()
    {
        var policy = NoSpread with { SignalLead = TimeSpan.FromMinutes(5) };

        var deadlines = PilotDeadlines.Compute(Start.AddHours(1), Start, policy, new Random(1));

        Assert.That(deadlines.Die, Is.EqualTo(Start.AddHours(1).AddMinutes(-6)), "5 min lead + up to 60 s early");
        Assert.That(deadlines.LeasableTime(Start), Is.EqualTo(TimeSpan.FromMinutes(54)));
    }

    [Test]
    public void Compute_ZeroSignalLead_StillAllowsForAWarningUpToAMinuteEarly()
    {
        var policy = NoSpread with { SignalLead = TimeSpan.Zero };

        var deadlines = PilotDeadlines.Compute(Start.AddHours(1), Start, policy, new Random(1));

        Assert.That(deadlines.Die, Is.EqualTo(Start.AddHours(1).AddMinutes(-1)), "later than the usual die (end - 40 s) by Slurm's 60 s");
    }

    [Test]
    public void Compute_WithMaxJobLength_RetiresThatLongBeforeDying()
    {
        var policy = NoSpread with { MaxJobLength = TimeSpan.FromMinutes(20) };

        var deadlines = PilotDeadlines.Compute(Start.AddHours(1), Start, policy, new Random(1));

        Assert.That(deadlines.Retire, Is.EqualTo(deadlines.Die!.Value.AddMinutes(-20)));
    }

    [Test]
    public void Compute_Spread_MovesDeadlinesEarlierByAtMostTheSpread()
    {
        var policy = NoSpread with { Spread = TimeSpan.FromSeconds(30), MaxJobLength = TimeSpan.FromMinutes(10) };
        var latestDie = Start.AddHours(1).AddSeconds(-40);

        var all = Enumerable.Range(0, 200).Select(seed => PilotDeadlines.Compute(Start.AddHours(1), Start, policy, new Random(seed))).ToList();

        Assert.That(all.Select(d => d.Die!.Value), Has.All.InRange(latestDie.AddSeconds(-30), latestDie));
        Assert.That(all.Select(d => d.Retire!.Value), Has.All.InRange(latestDie.AddMinutes(-10).AddSeconds(-60), latestDie.AddMinutes(-10)));
        Assert.That(all.Select(d => d.Die).Distinct().Count(), Is.GreaterThan(100), "pilots started together must not all leave at the same second");
    }

    [Test]
    public void Compute_ShortAllocation_SpreadIsCappedAtAShareOfTheTimeLeft()
    {
        var policy = NoSpread with { Spread = TimeSpan.FromMinutes(10) };

        var deadlines = PilotDeadlines.Compute(Start.AddMinutes(2), Start, policy, new Random(3));

        Assert.That(deadlines.Die, Is.GreaterThanOrEqualTo(Start.AddMinutes(2).AddSeconds(-40 - 6)));
    }

    [Test]
    public void Deadlines_AsTimePasses_RetireThenNothingLeasable()
    {
        var clock = new FakeTimeProvider(Start);
        var policy = NoSpread with { MaxJobLength = TimeSpan.FromMinutes(5) };
        var deadlines = PilotDeadlines.Compute(Start.AddMinutes(30), clock.GetUtcNow(), policy, new Random(1));

        Assert.That(deadlines.ShouldRetire(clock.GetUtcNow()), Is.False);
        Assert.That(deadlines.LeasableTime(clock.GetUtcNow()), Is.EqualTo(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(40)));

        clock.Advance(TimeSpan.FromMinutes(25));
        Assert.That(deadlines.ShouldRetire(clock.GetUtcNow()), Is.True);
        Assert.That(deadlines.UntilDie(clock.GetUtcNow()), Is.EqualTo(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(40)));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(deadlines.LeasableTime(clock.GetUtcNow()), Is.EqualTo(TimeSpan.Zero));
        Assert.That(deadlines.UntilDie(clock.GetUtcNow()), Is.EqualTo(TimeSpan.Zero));
    }
}
