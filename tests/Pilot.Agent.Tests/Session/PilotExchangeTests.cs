using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Agent.Session;
using Pilot.Contracts;
using Pilot.Runtimes;

namespace Pilot.Agent.Tests.Session;

[TestFixture]
public sealed class PilotExchangeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private string _workDirectory = null!;
    private CountingTimeProvider _time = null!;
    private FakePilotServer _server = null!;
    private FakeWork _work = null!;
    private ReportJournal _journal = null!;
    private PilotExchange _exchange = null!;

    [SetUp]
    public async Task SetUp()
    {
        _workDirectory = Directory.CreateTempSubdirectory("pilot-exchange-").FullName;
        _time = new CountingTimeProvider();
        _server = new FakePilotServer(_time);
        _work = new FakeWork();
        var options = Options.Create(new AgentOptions { Server = "http://server", WorkDirectory = _workDirectory, HeartbeatInterval = Interval });
        _journal = new ReportJournal(options);
        var session = new PilotSession(new MachineAllocationDiscovery(), new RuntimeCatalog([]), _time, options, NullLogger<PilotSession>.Instance);
        await session.StartAsync(CancellationToken.None);
        _exchange = new PilotExchange(_server.Api, session, _work, _journal, new AgentMetrics(), _time, new Random(7), options, NullLogger<PilotExchange>.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _exchange.StopAsync(CancellationToken.None);
        _exchange.Dispose();
        _journal.Dispose();
        Directory.Delete(_workDirectory, recursive: true);
    }

    [Test]
    public async Task Heartbeat_WithNothingElseToSend_GoesOncePerInterval()
    {
        await StartAsync();

        for (var beat = 1; beat <= 3; beat++)
        {
            await UntilAsync(() => _time.Timers >= beat, "the exchange to wait for the next heartbeat");
            _time.Advance(Interval - TimeSpan.FromSeconds(1));
            await Task.Delay(50);
            Assert.That(_server.Snapshot(), Has.Count.EqualTo(beat - 1), "a heartbeat before its interval");
            _time.Advance(TimeSpan.FromSeconds(1));
            await UntilAsync(() => _server.Snapshot().Count == beat, $"heartbeat {beat}");
        }

        var beats = _server.Snapshot();
        Assert.That(beats.Select(b => b.Request.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(beats.Select(b => b.Request.Lease), Is.All.Null);
        Assert.That(beats.Zip(beats.Skip(1), (a, b) => b.At - a.At), Is.All.EqualTo(Interval));
    }

    [Test]
    public async Task PayloadEnd_SendsItsReportWithALeaseRequestInOneExchange_OnceAndOutOfTheJournalOnItsReceipt()
    {
        _work.Wants = Lease();
        _server.Queue(FakePilotServer.Job(1));
        await StartAsync();
        await UntilAsync(() => _work.Started.Count == 1, "the first job");
        await UntilAsync(() => _server.Snapshot().Count == 2, "the long poll for more");

        _journal.Save("lease-1", Report());
        _work.Change();
        await UntilAsync(() => _journal.Count == 0, "the report's receipt");
        await UntilAsync(() => _server.Snapshot().Count == 5, "the next long poll");

        var sent = _server.Snapshot().Select(s => s.Request).ToList();
        var withReport = sent.Single(r => r.Reports.Count > 0);
        Assert.That(withReport.Reports.Select(r => r.LeaseId), Is.EqualTo(new[] { "lease-1" }));
        Assert.That(withReport.Lease, Is.Not.Null, "the freed resources are asked for in the same request");
        Assert.That(withReport.Lease!.WaitSeconds, Is.Zero, "a request with reports does not wait");
        Assert.That(_server.Applied, Is.EqualTo(new[] { "lease-1" }));
    }

    [Test]
    public async Task Report_OfAPayloadStillHoldingItsResources_WaitsForThemToBeFree()
    {
        await StartAsync();
        await UntilAsync(() => _time.Timers >= 1, "the exchange to wait for the next heartbeat");
        _work.Hold("lease-1");
        _journal.Save("lease-1", Report());
        _work.Change();
        await UntilAsync(() => _time.Timers >= 2, "the exchange to wait again");
        Assert.That(_server.Snapshot(), Is.Empty, "the report waits while its payload holds its resources");

        _work.Free("lease-1");
        _work.Wants = Lease();
        _work.Change();
        await UntilAsync(() => _journal.Count == 0, "the report's receipt");

        var first = _server.Snapshot()[0].Request;
        Assert.That(first.Reports.Select(r => r.LeaseId), Is.EqualTo(new[] { "lease-1" }));
        Assert.That(first.Lease, Is.Not.Null, "with the request for the freed resources");
    }

    [Test]
    public async Task JournalLeftByAnEarlierAgent_IsSentWithTheFirstExchange()
    {
        _journal.Save("lease-7", Report());

        await StartAsync();
        await UntilAsync(() => _journal.Count == 0, "the report's receipt");

        Assert.That(_server.Snapshot()[0].Request.Reports.Select(r => r.LeaseId), Is.EqualTo(new[] { "lease-7" }));
        Assert.That(_server.Applied, Is.EqualTo(new[] { "lease-7" }));
    }

    [Test]
    public async Task LostAnswer_IsAskedAgainUnderTheSameSequence_AndItsGrantIsStartedOnce()
    {
        _server.Queue(FakePilotServer.Job(1));
        _server.Queue(FakePilotServer.Job(2));
        _server.LoseAnswers(1);
        _work.Wants = Lease();

        await StartAsync();
        await UntilAsync(() => _server.Snapshot().Count == 1 && _time.Timers >= 1, "the first exchange and its backoff");
        _time.Advance(TimeSpan.FromSeconds(30));
        await UntilAsync(() => _work.Started.Count == 2, "both jobs");

        var sent = _server.Snapshot().Select(s => s.Request).ToList();
        Assert.That(sent.Select(r => r.Sequence).Take(3), Is.EqualTo(new long[] { 1, 1, 2 }));
        Assert.That(sent[1].Lease!.WaitSeconds, Is.Zero, "a resend does not wait");
        Assert.That(_work.Started.Select(j => j.LeaseId), Is.EqualTo(new[] { "lease-1", "lease-2" }), "the lost grant was learnt from the resend");
        Assert.That(_server.Granted, Is.EqualTo(new[] { "lease-1", "lease-2" }), "each job granted once");
    }

    [Test]
    public async Task ForgottenPilot_SeenByAReportAndAHeartbeatAtOnce_RegistersAgainOnce()
    {
        await StartAsync();
        await UntilAsync(() => _time.Timers >= 1, "the exchange to wait for the next heartbeat");
        _server.Forget("pilot-1");

        _journal.Save("lease-1", Report());
        _time.Advance(Interval);
        _work.Change();
        await UntilAsync(() => _journal.Count == 0, "the report's receipt under the new pilot");
        await UntilAsync(() => _time.Timers >= 2, "the exchange to wait for the next heartbeat");
        _time.Advance(Interval);
        await UntilAsync(() => _server.Snapshot().Count(s => s.PilotId == "pilot-2") == 2, "a heartbeat of the new pilot");

        Assert.That(_server.Registrations, Is.EqualTo(2), "registered at start and once again");
        Assert.That(_work.Forgotten, Is.EqualTo(1), "the forgotten pilot's payloads were stopped once");
        var again = _server.Snapshot().Where(s => s.PilotId == "pilot-2").Select(s => s.Request).ToList();
        Assert.That(again.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2 }), "the new pilot counts its exchanges from 1");
        Assert.That(again[0].Reports.Select(r => r.LeaseId), Is.EqualTo(new[] { "lease-1" }));
    }

    [Test]
    public async Task PayloadEndingDuringALongPoll_CutsIt_AsksTheSameSequenceAgain_ThenReports()
    {
        _work.Wants = Lease();
        await StartAsync();
        await UntilAsync(() => _server.Snapshot().Count == 1, "the long poll");
        Assert.That(_server.Snapshot()[0].Request.Lease!.WaitSeconds, Is.EqualTo((int)Interval.TotalSeconds), "a long poll ends within a heartbeat interval");

        _server.GrantWhileWaiting("pilot-1", FakePilotServer.Job(1));
        _journal.Save("lease-0", Report());
        _work.Change();
        await UntilAsync(() => _journal.Count == 0, "the report's receipt");

        var sent = _server.Snapshot().Select(s => s.Request).ToList();
        Assert.That(sent.Select(r => r.Sequence).Take(3), Is.EqualTo(new long[] { 1, 1, 2 }));
        Assert.That(sent[1].Lease!.WaitSeconds, Is.Zero, "the resend does not wait");
        Assert.That(sent[1].Reports, Is.Empty, "the resend carries what the cut request carried");
        Assert.That(sent[2].Reports.Select(r => r.LeaseId), Is.EqualTo(new[] { "lease-0" }));
        Assert.That(_server.CutPolls, Is.EqualTo(1));
        Assert.That(_work.Started.Select(j => j.LeaseId), Is.EqualTo(new[] { "lease-1" }), "the job granted during the cut poll is not lost");
    }

    private async Task StartAsync()
    {
        await _exchange.RegisterAsync(CancellationToken.None);
        await _exchange.StartAsync(CancellationToken.None);
    }

    private static LeaseRequest Lease() => new() { Free = new ResourceSet { Cores = 2, MemoryMb = 1000 }, MaxJobs = 1, WaitSeconds = 20 };

    private static AttemptReport Report() => new()
    {
        FencingToken = 1,
        Outcome = AttemptOutcome.Succeeded,
        ExitCode = 0,
        FinishedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Waits in real time for what the exchange does on its own threads; the fake clock stands still meanwhile.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(5);
        }
    }
}
