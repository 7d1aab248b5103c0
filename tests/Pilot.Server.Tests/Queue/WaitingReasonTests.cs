using Pilot.Contracts;
using Pilot.Server.Queue;

namespace Pilot.Server.Tests.Queue;

[TestFixture]
public sealed class WaitingReasonTests
{
    private static readonly JobView Queued = new()
    {
        Id = 1,
        Name = "scan",
        State = JobState.Queued,
        Spec = new JobSpec { Command = ["true"], Runtime = new RuntimeSpec { Type = "apptainer", Image = "app.sif" } },
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void Explain_NoActivePilotOffersTheRuntime_SaysSoAndWhatIsOffered()
    {
        var explained = WaitingReason.Explain(Queued, [Pilot("a", "active", "process", "charliecloud"), Pilot("b", "gone", "apptainer")]);

        Assert.That(explained.Reason, Is.EqualTo("waiting: no active pilot offers runtime 'apptainer' (they offer charliecloud, process)"));
    }

    [Test]
    public void Explain_NoPilotAtAll_SaysNoneIsActiveAndKeepsTheLastAttemptsReason()
    {
        var explained = WaitingReason.Explain(Queued with { Reason = "evicted" }, []);

        Assert.That(explained.Reason, Is.EqualTo("waiting: no active pilot offers runtime 'apptainer' (no pilot is active); last attempt: evicted"));
    }

    [Test]
    public void Explain_APilotOffersTheRuntime_LeavesTheJobAsItIs() =>
        Assert.That(WaitingReason.Explain(Queued, [Pilot("a", "active", "apptainer")]), Is.SameAs(Queued));

    private static PilotView Pilot(string id, string state, params string[] runtimes) => new()
    {
        Id = id,
        Hostname = "node",
        State = state,
        Resources = new ResourceSet(),
        Runtimes = runtimes,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        LastHeartbeat = DateTimeOffset.UnixEpoch,
    };
}
