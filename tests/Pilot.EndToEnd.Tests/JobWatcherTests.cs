using Pilot.Cli.Commands;
using Pilot.Contracts;

namespace Pilot.EndToEnd.Tests;

[TestFixture]
public sealed class JobWatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JobView Job(JobState state, DateTimeOffset? finishedAt) => new()
    {
        Id = 1,
        Name = "x",
        State = state,
        Spec = new JobSpec { Command = ["x"] },
        SubmittedAt = Now,
        FinishedAt = finishedAt,
    };

    [Test]
    public void HasEnded_CancelledWhilePayloadStillStopping_IsFalse() =>
        Assert.That(JobWatcher.HasEnded(Job(JobState.Cancelled, finishedAt: null)), Is.False);

    [TestCase(JobState.Cancelled)]
    [TestCase(JobState.Succeeded)]
    [TestCase(JobState.Failed)]
    public void HasEnded_FinalStateWithFinishTime_IsTrue(JobState state) =>
        Assert.That(JobWatcher.HasEnded(Job(state, Now)), Is.True);

    [TestCase(JobState.Queued)]
    [TestCase(JobState.Running)]
    public void HasEnded_LiveState_IsFalse(JobState state) =>
        Assert.That(JobWatcher.HasEnded(Job(state, null)), Is.False);
}
