using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Monitoring;
using Pilot.Server.Storage;

namespace Pilot.Server.Queue;

/// <summary>
/// The one place a lease is granted and its attempt's end reported: the pilots' exchange (reports and heartbeat in,
/// leases out), the plain lease call and the single report, all on the store's same transactions. When nothing fits,
/// a request may wait (long poll) for work to arrive.
/// </summary>
internal sealed class WorkExchange(
    IJobStore store,
    QueueSignal signal,
    PilotSummaries summaries,
    ServerMetrics metrics,
    TimeProvider time,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime)
{
    public async Task<WorkResponse> ExchangeAsync(string pilotId, string? owner, WorkRequest request, CancellationToken cancellationToken)
    {
        if (request.Sequence < 1)
        {
            throw new BadHttpRequestException("sequence counts a pilot's exchanges from 1; a retry repeats the number of the request it retries");
        }

        if (request.Lease is { } lease)
        {
            Validate(lease);
        }

        var deadline = Deadline(request.Lease);
        var (response, replayed) = await store.ExchangeAsync(pilotId, owner, request, cancellationToken);
        summaries.Record(pilotId, request.Heartbeat);
        if (replayed)
        {
            // Counted when first given: a retry of the same sequence is neither a new grant nor a new report.
            return response;
        }

        foreach (var (report, receipt) in request.Reports.Zip(response.Reports))
        {
            if (receipt.Accepted)
            {
                metrics.AttemptReported(report.Report);
            }
        }

        if (response.Jobs.Count == 0 && request.Lease is { WaitSeconds: > 0 } wanted && !request.Heartbeat.Draining)
        {
            response = response with { Jobs = await WaitForWorkAsync(() => store.GrantWaitingAsync(pilotId, owner, request.Sequence, wanted, cancellationToken), deadline, cancellationToken) };
        }

        metrics.LeasesGranted(response.Jobs, time.GetUtcNow());
        return response;
    }

    /// <summary>Grants what fits now; when nothing does, waits for new work up to the requested time (or until the server stops) before answering empty.</summary>
    public async Task<LeaseResponse> LeaseAsync(string pilotId, string? owner, LeaseRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var jobs = await WaitForWorkAsync(() => store.LeaseAsync(pilotId, owner, request, cancellationToken), Deadline(request), cancellationToken);
        metrics.LeasesGranted(jobs, time.GetUtcNow());
        return new LeaseResponse(jobs);
    }

    /// <summary>One report on its own: the same transaction an exchange applies per report; a refusal is the caller's error.</summary>
    public async Task ReportAsync(string leaseId, string? owner, AttemptReport report, CancellationToken cancellationToken)
    {
        await store.ReportAsync(leaseId, owner, report, cancellationToken);
        metrics.AttemptReported(report);
    }

    private DateTimeOffset Deadline(LeaseRequest? request) =>
        time.GetUtcNow() + TimeSpan.FromSeconds(Math.Clamp(request?.WaitSeconds ?? 0, 0, options.Value.MaxLeaseWait.TotalSeconds));

    private async Task<IReadOnlyList<LeasedJob>> WaitForWorkAsync(Func<Task<IReadOnlyList<LeasedJob>>> grant, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before the grant: work that arrives while it runs still wakes the wait.
            var pulse = signal.Next;
            var jobs = await grant();
            var left = deadline - time.GetUtcNow();
            // A stopping server answers its long polls now, so its pilots ask again elsewhere instead of holding up the stop.
            if (jobs.Count > 0 || left <= TimeSpan.Zero || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return jobs;
            }

            await QueueSignal.WaitAsync(pulse, left, time, cancellationToken);
        }
    }

    private static void Validate(LeaseRequest request)
    {
        if (request.FreeNodes?.Any(node => node is null) == true)
        {
            throw new BadHttpRequestException("free_nodes must list one object per node, such as {\"cores\": 4, \"memory_mb\": 8000}; it has a null entry");
        }
    }
}
