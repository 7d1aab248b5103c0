using System.Diagnostics;
using Pilot.Contracts;

namespace Pilot.Bench.Queue;

/// <summary>
/// A pilot without processes: its cores "run" each granted task for <paramref name="taskTime"/>, then report it on the
/// next exchange, which also asks for as many tasks as cores are free (HyperQueue's strong-scaling set-up, simulated).
/// </summary>
internal sealed class SimulatedAgent(IPilotApi api, string pilotId, int cores, TimeSpan taskTime)
{
    /// <summary>Finished tasks are gathered this long before they are reported, so one exchange carries many.</summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    private readonly List<(LeasedJob Job, long Due)> _running = [];
    private long _sequence;

    public int Reported { get; private set; }

    public async Task RunAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        var reports = new List<LeaseReport>();
        while (!done())
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var finished in _running.Where(r => r.Due <= now).ToList())
            {
                _running.Remove(finished);
                reports.Add(new LeaseReport(finished.Job.LeaseId, new AttemptReport
                {
                    FencingToken = finished.Job.FencingToken,
                    Outcome = AttemptOutcome.Succeeded,
                    ExitCode = 0,
                    FinishedAt = DateTimeOffset.UtcNow,
                }));
            }

            var free = cores - _running.Count;
            if (reports.Count == 0 && free == 0)
            {
                await WaitForNextAsync(cancellationToken);
                continue;
            }

            var answer = await api.ExchangeAsync(pilotId, new WorkRequest
            {
                Sequence = ++_sequence,
                Reports = reports,
                Heartbeat = new Heartbeat { Leases = [] },
                Lease = free > 0 ? new LeaseRequest { Free = new ResourceSet { Cores = free, MemoryMb = 1_000_000, Nodes = 1 }, MaxJobs = free } : null,
            }, cancellationToken);
            Reported += answer.Reports.Count(r => r.Accepted);
            reports = [];
            var started = Stopwatch.GetTimestamp();
            _running.AddRange(answer.Jobs.Select(job => (job, started + (long)(taskTime.TotalSeconds * Stopwatch.Frequency))));
            if (answer.Jobs.Count == 0 && _running.Count == 0)
            {
                await Task.Delay(BatchWindow, cancellationToken);
            }
            else
            {
                await WaitForNextAsync(cancellationToken);
            }
        }
    }

    private async Task WaitForNextAsync(CancellationToken cancellationToken)
    {
        var next = _running.Count == 0 ? Stopwatch.GetTimestamp() : _running.Min(r => r.Due);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next) + BatchWindow;
        await Task.Delay(wait > BatchWindow ? wait : BatchWindow, cancellationToken);
    }
}
