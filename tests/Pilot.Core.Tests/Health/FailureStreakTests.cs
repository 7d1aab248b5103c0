using Pilot.Contracts;
using Pilot.Core.Health;

namespace Pilot.Core.Tests.Health;

[TestFixture]
public sealed class FailureStreakTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    [Test]
    public void Record_LimitFastFailuresInARow_TripsOnce()
    {
        var streak = new FailureStreak(3, TimeSpan.FromSeconds(10));

        var trips = Enumerable.Range(0, 5).Select(_ => streak.Record(AttemptOutcome.PayloadFailed, Quick)).ToList();

        Assert.That(trips, Is.EqualTo(new[] { false, false, true, false, false }));
    }

    [Test]
    public void Record_ASuccessInBetween_StartsTheCountAgain()
    {
        var streak = new FailureStreak(3, TimeSpan.FromSeconds(10));
        streak.Record(AttemptOutcome.PayloadFailed, Quick);
        streak.Record(AttemptOutcome.SetupFailed, Quick);

        streak.Record(AttemptOutcome.Succeeded, Quick);

        Assert.That(streak.Record(AttemptOutcome.PayloadFailed, Quick), Is.False);
        Assert.That(streak.Record(AttemptOutcome.PayloadFailed, Quick), Is.False);
        Assert.That(streak.Record(AttemptOutcome.PayloadFailed, Quick), Is.True);
    }

    [Test]
    public void Record_SlowFailuresOrEvictions_AreNotSuspicious()
    {
        var streak = new FailureStreak(2, TimeSpan.FromSeconds(10));

        var trips = new[]
        {
            streak.Record(AttemptOutcome.PayloadFailed, TimeSpan.FromMinutes(5)),
            streak.Record(AttemptOutcome.Evicted, Quick),
            streak.Record(AttemptOutcome.Cancelled, Quick),
            streak.Record(AttemptOutcome.PayloadFailed, TimeSpan.FromMinutes(5)),
        };

        Assert.That(trips, Has.None.True);
    }

    [Test]
    public void Record_LimitZero_NeverTrips()
    {
        var streak = new FailureStreak(0, TimeSpan.FromSeconds(10));

        Assert.That(Enumerable.Range(0, 20).Select(_ => streak.Record(AttemptOutcome.PayloadFailed, Quick)), Has.None.True);
    }
}
