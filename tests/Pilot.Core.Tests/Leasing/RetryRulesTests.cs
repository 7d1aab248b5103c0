using Pilot.Contracts;
using Pilot.Core.Leasing;

namespace Pilot.Core.Tests.Leasing;

[TestFixture]
public sealed class RetryRulesTests
{
    private static readonly RetryPolicy Policy = new() { PayloadFailure = 1, PilotLost = 2, Evicted = 3, SetupFailure = 0 };

    [Test]
    public void Next_Success_Succeeds() =>
        Assert.That(RetryRules.Next(Policy, AttemptTally.Empty.With(AttemptOutcome.Succeeded), AttemptOutcome.Succeeded, 0).State, Is.EqualTo(JobState.Succeeded));

    [Test]
    public void Next_PayloadFailureWithinBudget_Requeues()
    {
        var next = RetryRules.Next(Policy, AttemptTally.Empty.With(AttemptOutcome.PayloadFailed), AttemptOutcome.PayloadFailed, 3);

        Assert.That(next.State, Is.EqualTo(JobState.Queued));
        Assert.That(next.Reason, Does.Contain("payload exited 3").And.Contain("1 of 1"));
    }

    [Test]
    public void Next_PayloadFailureBeyondBudget_Fails()
    {
        var tally = AttemptTally.Empty.With(AttemptOutcome.PayloadFailed).With(AttemptOutcome.PayloadFailed);

        Assert.That(RetryRules.Next(Policy, tally, AttemptOutcome.PayloadFailed, 3).State, Is.EqualTo(JobState.Failed));
    }

    [Test]
    public void Next_EvictionsDoNotUsePayloadRetries()
    {
        var tally = AttemptTally.Empty.With(AttemptOutcome.PayloadFailed).With(AttemptOutcome.Evicted).With(AttemptOutcome.Evicted);

        Assert.That(RetryRules.Next(Policy, tally, AttemptOutcome.Evicted, 143).State, Is.EqualTo(JobState.Queued));
    }

    [Test]
    public void Next_DefaultPolicy_FailsOnFirstPayloadFailure() =>
        Assert.That(RetryRules.Next(new RetryPolicy(), AttemptTally.Empty.With(AttemptOutcome.PayloadFailed), AttemptOutcome.PayloadFailed, 1).State, Is.EqualTo(JobState.Failed));

    [Test]
    public void Next_SetupFailureWithNoRetries_FailsWithReason()
    {
        var next = RetryRules.Next(Policy, AttemptTally.Empty.With(AttemptOutcome.SetupFailed), AttemptOutcome.SetupFailed, null);

        Assert.That(next.State, Is.EqualTo(JobState.Failed));
        Assert.That(next.Reason, Does.Contain("could not be started"));
    }

    [Test]
    public void Next_PilotLost_RequeuesUntilBudgetIsUsed()
    {
        var twice = AttemptTally.Empty.With(AttemptOutcome.PilotLost).With(AttemptOutcome.PilotLost);

        Assert.That(RetryRules.Next(Policy, twice, AttemptOutcome.PilotLost, null).State, Is.EqualTo(JobState.Queued));
        Assert.That(RetryRules.Next(Policy, twice.With(AttemptOutcome.PilotLost), AttemptOutcome.PilotLost, null).State, Is.EqualTo(JobState.Failed));
    }
}
