using Pilot.Core.Walltime;

namespace Pilot.Core.Tests.Walltime;

[TestFixture]
public sealed class WalltimeBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void LeasableTime_NoDeadline_IsUnlimited() =>
        Assert.That(WalltimeBudget.Unlimited.LeasableTime(Now), Is.Null);

    [Test]
    public void LeasableTime_SubtractsTheEvictionMargin() =>
        Assert.That(new WalltimeBudget(Now.AddHours(1), TimeSpan.FromMinutes(5)).LeasableTime(Now), Is.EqualTo(TimeSpan.FromMinutes(55)));

    [Test]
    public void LeasableTime_InsideTheMargin_IsZero() =>
        Assert.That(new WalltimeBudget(Now.AddMinutes(2), TimeSpan.FromMinutes(5)).LeasableTime(Now), Is.EqualTo(TimeSpan.Zero));

    [Test]
    public void CanTake_JobLongerThanWhatIsLeft_IsRefused()
    {
        var budget = new WalltimeBudget(Now.AddHours(1), TimeSpan.FromMinutes(5));

        Assert.That(budget.CanTake(TimeSpan.FromMinutes(50), Now), Is.True);
        Assert.That(budget.CanTake(TimeSpan.FromMinutes(56), Now), Is.False);
    }
}
