using System.Net;
using Moq;
using Pilot.Contracts;
using Refit;

namespace Pilot.Agent.Tests.Session;

/// <summary>
/// The server's side of registration and the exchange, as the agent sees it through <see cref="IPilotApi"/>: answers
/// kept per sequence number (a repeated number gets the stored answer), reports applied once, jobs granted from a
/// queue, long polls that wait until cancelled, and faults on demand (a lost answer, a forgotten pilot).
/// </summary>
internal sealed class FakePilotServer
{
    private readonly Lock _gate = new();
    private readonly Queue<LeasedJob> _queued = new();
    private readonly Dictionary<string, WorkResponse> _answers = [];
    private readonly HashSet<string> _forgotten = [];
    private int _answersToLose;

    public FakePilotServer(TimeProvider time)
    {
        Time = time;
        var mock = new Mock<IPilotApi>(MockBehavior.Strict);
        mock.Setup(a => a.RegisterAsync(It.IsAny<PilotRegistration>(), It.IsAny<CancellationToken>()))
            .Returns((PilotRegistration _, CancellationToken _) => Task.FromResult(Register()));
        mock.Setup(a => a.ExchangeAsync(It.IsAny<string>(), It.IsAny<WorkRequest>(), It.IsAny<CancellationToken>()))
            .Returns((string pilotId, WorkRequest request, CancellationToken cancellationToken) => ExchangeAsync(pilotId, request, cancellationToken));
        mock.Setup(a => a.DeregisterAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
        Api = mock.Object;
    }

    public IPilotApi Api { get; }

    public TimeProvider Time { get; }

    public int Registrations { get; private set; }

    /// <summary>Every exchange received, with the pilot it named and the server's clock when it arrived.</summary>
    public List<(string PilotId, WorkRequest Request, DateTimeOffset At)> Received { get; } = [];

    /// <summary>Reports applied, by lease id: a report applied twice would appear twice.</summary>
    public List<string> Applied { get; } = [];

    /// <summary>Leases granted, each once.</summary>
    public List<string> Granted { get; } = [];

    /// <summary>Long polls that ended because the agent cut them.</summary>
    public int CutPolls { get; private set; }

    public IReadOnlyList<(string PilotId, WorkRequest Request, DateTimeOffset At)> Snapshot()
    {
        lock (_gate)
        {
            return [.. Received];
        }
    }

    public void Queue(LeasedJob job)
    {
        lock (_gate)
        {
            _queued.Enqueue(job);
        }
    }

    /// <summary>The next answers are decided and stored, then lost on the way back.</summary>
    public void LoseAnswers(int count)
    {
        lock (_gate)
        {
            _answersToLose = count;
        }
    }

    public void Forget(string pilotId)
    {
        lock (_gate)
        {
            _forgotten.Add(pilotId);
        }
    }

    /// <summary>While a long poll of <paramref name="pilotId"/> waits, grants a job into its stored answer, as the server's waiting grant does.</summary>
    public void GrantWhileWaiting(string pilotId, LeasedJob job)
    {
        lock (_gate)
        {
            var answer = _answers[pilotId];
            _answers[pilotId] = answer with { Jobs = [.. answer.Jobs, job] };
            Granted.Add(job.LeaseId);
        }
    }

    public static LeasedJob Job(long id) => new()
    {
        JobId = id,
        LeaseId = $"lease-{id}",
        FencingToken = 1,
        ExpiresAt = DateTimeOffset.UnixEpoch,
        Attempt = 1,
        Spec = new JobSpec { Name = "j", Command = ["true"] },
    };

    private PilotRegistered Register()
    {
        lock (_gate)
        {
            Registrations++;
            return new PilotRegistered($"pilot-{Registrations}", 15, 60);
        }
    }

    private async Task<WorkResponse> ExchangeAsync(string pilotId, WorkRequest request, CancellationToken cancellationToken)
    {
        var (answer, poll) = Decide(pilotId, request);
        if (poll)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    CutPolls++;
                }

                throw;
            }
        }

        lock (_gate)
        {
            if (_answersToLose > 0)
            {
                _answersToLose--;
                throw new HttpRequestException("connection reset: the answer was lost on the way back");
            }

            return answer;
        }
    }

    private (WorkResponse Answer, bool Poll) Decide(string pilotId, WorkRequest request)
    {
        lock (_gate)
        {
            Received.Add((pilotId, request, Time.GetUtcNow()));
            if (_forgotten.Contains(pilotId))
            {
                throw NotFound();
            }

            if (_answers.TryGetValue(pilotId, out var stored) && stored.Sequence == request.Sequence)
            {
                return (stored, false);
            }

            if (stored is not null && request.Sequence < stored.Sequence)
            {
                throw new InvalidOperationException($"sequence {request.Sequence} after {stored.Sequence}");
            }

            Applied.AddRange(request.Reports.Select(r => r.LeaseId));
            var jobs = new List<LeasedJob>();
            while (request.Lease is { } lease && jobs.Count < lease.MaxJobs && _queued.TryDequeue(out var job))
            {
                jobs.Add(job);
                Granted.Add(job.LeaseId);
            }

            var answer = new WorkResponse
            {
                Sequence = request.Sequence,
                Reports = [.. request.Reports.Select(r => new ReportReceipt(r.LeaseId, true))],
                Jobs = jobs,
            };
            _answers[pilotId] = answer;
            return (answer, jobs.Count == 0 && request.Lease is { WaitSeconds: > 0 });
        }
    }

    private static ApiException NotFound()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://server/api/v1/pilots/x/work");
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        return ApiException.Create(request, HttpMethod.Post, response, new RefitSettings()).GetAwaiter().GetResult();
    }
}
