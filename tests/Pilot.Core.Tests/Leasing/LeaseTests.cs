using Pilot.Contracts;
using Pilot.Core.Leasing;

namespace Pilot.Core.Tests.Leasing;

[TestFixture]
public sealed class LeaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private static Lease CreateSut() => Lease.Grant(jobId: 7, fencingToken: 3, pilotId: "node1-abc", Now, Ttl);

    [Test]
    public void Grant_NewLease_IsActiveUntilTtl()
    {
        var lease = CreateSut();

        Assert.That(lease.IsActive, Is.True);
        Assert.That(lease.ExpiresAt, Is.EqualTo(Now + Ttl));
        Assert.That(lease.IsExpired(Now + Ttl - TimeSpan.FromMilliseconds(1)), Is.False);
    }

    [Test]
    public void Renew_WithCurrentToken_ExtendsFromNow()
    {
        var renewed = CreateSut().Renew(3, Now + TimeSpan.FromSeconds(30), Ttl);

        Assert.That(renewed.ExpiresAt, Is.EqualTo(Now + TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void Renew_WithStaleToken_IsRefused()
    {
        var error = Assert.Throws<StaleLeaseException>(() => CreateSut().Renew(2, Now, Ttl));

        Assert.That(error!.Message, Does.Contain("fencing token 2 is stale"));
    }

    [Test]
    public void Renew_PastExpiryButNotReaped_IsStillHeld() =>
        Assert.That(CreateSut().Renew(3, Now + Ttl, Ttl).ExpiresAt, Is.EqualTo(Now + Ttl + Ttl));

    [Test]
    public void Renew_AfterTheReaperExpiredIt_IsRefused() =>
        Assert.Throws<StaleLeaseException>(() => CreateSut().Expire(Now + Ttl).Renew(3, Now + Ttl, Ttl));

    [Test]
    public void Expire_PastTtl_EndsAsPilotLost() =>
        Assert.That(CreateSut().Expire(Now + Ttl).Outcome, Is.EqualTo(AttemptOutcome.PilotLost));

    [Test]
    public void Expire_BeforeTtl_ChangesNothing() =>
        Assert.That(CreateSut().Expire(Now + TimeSpan.FromSeconds(59)).IsActive, Is.True);

    [Test]
    public void Complete_WithCurrentToken_RecordsOutcome() =>
        Assert.That(CreateSut().Complete(3, AttemptOutcome.Succeeded).Outcome, Is.EqualTo(AttemptOutcome.Succeeded));

    [Test]
    public void Complete_Twice_SecondIsStale()
    {
        var completed = CreateSut().Complete(3, AttemptOutcome.PayloadFailed);

        var error = Assert.Throws<StaleLeaseException>(() => completed.Complete(3, AttemptOutcome.Succeeded));
        Assert.That(error!.Message, Does.Contain("already ended"));
    }

    [Test]
    public void Complete_FromReplacedAttempt_IsStale() =>
        Assert.Throws<StaleLeaseException>(() => CreateSut().Complete(1, AttemptOutcome.Succeeded));

    [Test]
    public void Complete_AfterTheReaperExpiredIt_IsStale() =>
        Assert.Throws<StaleLeaseException>(() => CreateSut().Expire(Now + Ttl).Complete(3, AttemptOutcome.Succeeded));

    [Test]
    public void Complete_AsRunning_IsAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => CreateSut().Complete(3, AttemptOutcome.Running));
}
