using Pilot.Contracts;
using Pilot.Core.Leasing;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Tests.Execution;

[TestFixture]
public sealed class StopReasonsTests
{
    [Test]
    public void Eviction_SaysWhyThePilotLeft_NotAlwaysItsWalltime()
    {
        using var control = new PayloadControl();
        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(5), "the server asked to shut down: operator maintenance");

        var reason = StopReasons.Describe(control.Reason!.Value, control.Why);

        Assert.That(StopReasons.Outcome(control.Reason.Value), Is.EqualTo(AttemptOutcome.Evicted));
        Assert.That(reason, Is.EqualTo("stopped by the pilot as it left (the server asked to shut down: operator maintenance)"));
        Assert.That(reason, Does.Not.Contain("walltime"));
    }

    [Test]
    public void ServerOrder_IsReportedCancelled_WithTheServersWords()
    {
        Assert.That(StopReasons.Outcome(StopReason.Cancelled), Is.EqualTo(AttemptOutcome.Cancelled));
        Assert.That(StopReasons.Describe(StopReason.Cancelled, CancelReason.StopOrder), Is.EqualTo($"stopped on the server's order ({CancelReason.StopOrder})"));
    }

    [Test]
    public void WalltimeAndScratch_AreThePayloadsFailure()
    {
        Assert.That(StopReasons.Outcome(StopReason.WalltimeExceeded), Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(StopReasons.Outcome(StopReason.ScratchExceeded), Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(StopReasons.Describe(StopReason.ScratchExceeded, null, 64), Does.Contain("scratch limit of 64 MB"));
    }
}
