using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Tests.Execution;

[TestFixture]
public sealed class PayloadControlTests
{
    [Test]
    public void RequestStop_FirstReasonWins_LaterRequestsOnlyShortenTheGrace()
    {
        using var control = new PayloadControl();

        control.RequestStop(StopReason.Cancelled, TimeSpan.FromSeconds(30));
        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(5));
        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(60));

        Assert.That(control.Reason, Is.EqualTo(StopReason.Cancelled));
        Assert.That(control.Grace, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(control.StopRequested.IsCancellationRequested, Is.True);
    }

    [Test]
    public void RequestStop_AfterThePayloadEnded_IsANoOp()
    {
        // A heartbeat's kill order can cross the payload's report: the supervisor may still hand it to a disposed control.
        var control = new PayloadControl();
        control.Dispose();

        Assert.That(() => control.RequestStop(StopReason.Cancelled, TimeSpan.Zero), Throws.Nothing);
        Assert.That(control.Reason, Is.Null);
    }
}
