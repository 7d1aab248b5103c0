using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Contracts;

namespace Pilot.Agent.Session;

/// <summary>
/// The one owner of this pilot's session with the server: it registers (again, once, when the server forgot the pilot)
/// and sends the exchanges, one at a time, each under the next sequence number. An exchange carries the journal's
/// reports, the heartbeat and, when the pilot has room, a lease request. It goes when a payload ends (report and lease
/// for the freed resources in one request), when the pilot has room and nothing to report (a long poll), or when no
/// exchange renewed the leases for a heartbeat interval.
/// </summary>
/// <remarks>
/// A sequence number is sent again, never a new one, until its answer arrives: after a failure (the server answers a
/// number it already decided with that decision, so a lost answer costs no second grant), and when a payload ends
/// during a long poll (the poll is cut and asked again at once: the answer brings what the server granted meanwhile,
/// so no grant is lost). A resend never waits and carries the same reports.
/// </remarks>
internal sealed partial class PilotExchange(
    IPilotApi api,
    PilotSession session,
    IPilotWork work,
    ReportJournal journal,
    AgentMetrics metrics,
    TimeProvider time,
    Random random,
    IOptions<AgentOptions> options,
    ILogger<PilotExchange> logger) : BackgroundService
{
    /// <summary>Most reports one exchange carries; the rest go in the next one, at once.</summary>
    public const int MaxReports = 512;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskCompletionSource _answered = NewSignal();
    private long _sequence;
    private long _lastAnswered;
    private bool _left;

    /// <summary>Completes after each answer; take it before looking at the journal.</summary>
    private Task Answered => Volatile.Read(ref _answered).Task;

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Waits until every report in the journal has its receipt; false when <paramref name="within"/> passed first.</summary>
    public async Task<bool> FlushAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within, time);
        try
        {
            while (true)
            {
                var answered = Answered;
                if (journal.Count == 0)
                {
                    return true;
                }

                await answered.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits (up to <paramref name="within"/>) for the exchange in flight, so what it was granted has been started.</summary>
    public async Task QuietAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within, time);
        try
        {
            await _gate.WaitAsync(timeout.Token);
            _gate.Release();
        }
        catch (OperationCanceledException)
        {
            // Still retrying against an unreachable server: what it may be granted is stopped on arrival (the pilot is closed).
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before looking at what to send: a payload ending while the request is built still wakes or cuts it.
                var changed = work.Changed;
                var sent = await ExchangeOnceAsync(changed, stoppingToken);
                if (sent is null)
                {
                    return;
                }

                if (sent == false)
                {
                    await UntilHeartbeatDueAsync(changed, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops after the pilot deregistered.
        }
    }

    /// <returns>True when an exchange was answered (or abandoned), false when there was nothing to send, null once the pilot left.</returns>
    private async Task<bool?> ExchangeOnceAsync(Task changed, CancellationToken stoppingToken)
    {
        await _gate.WaitAsync(stoppingToken);
        try
        {
            if (_left)
            {
                return null;
            }

            var now = time.GetUtcNow();
            // A report goes once its payload's resources are free, in the same request as the lease for them.
            var reports = journal.Pending(MaxReports, work.Runs);
            var lease = work.Wanted(now);
            if (reports.Count == 0 && lease is null && !HeartbeatDue)
            {
                return false;
            }

            var request = new WorkRequest
            {
                Sequence = ++_sequence,
                Reports = reports,
                Heartbeat = work.Heartbeat(now),
                Lease = lease is null ? null : lease with { WaitSeconds = reports.Count == 0 ? LongPollSeconds(lease) : 0 },
            };
            await SendAsync(request, changed, stoppingToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A long poll ends within a heartbeat interval, so the next exchange renews the leases in time.</summary>
    private int LongPollSeconds(LeaseRequest lease) => Math.Min(lease.WaitSeconds, Math.Max(1, (int)HeartbeatInterval.TotalSeconds));

    private bool HeartbeatDue => time.GetElapsedTime(_lastAnswered) >= HeartbeatInterval;

    private async Task UntilHeartbeatDueAsync(Task changed, CancellationToken stoppingToken)
    {
        var due = HeartbeatInterval - time.GetElapsedTime(_lastAnswered);
        if (due <= TimeSpan.Zero)
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(changed, Task.Delay(due, time, wake.Token));
        await wake.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Sends <paramref name="request"/> until it is answered; the one retry loop of the agent's exchanges.</summary>
    private async Task SendAsync(WorkRequest request, Task changed, CancellationToken stoppingToken)
    {
        // Never longer than a heartbeat interval between tries: a server back from an outage resumes its leases for one
        // lease time, and the pilot's renewals (this very request) must reach it within that.
        var backoff = new Backoff(TimeSpan.FromSeconds(1), HeartbeatInterval < MaxRetryDelay ? HeartbeatInterval : MaxRetryDelay, random);
        while (true)
        {
            var started = time.GetTimestamp();
            try
            {
                if (await CallAsync(request, changed, stoppingToken) is { } response)
                {
                    _lastAnswered = started;
                    Apply(request, response, time.GetElapsedTime(started));
                    return;
                }
            }
            catch (Exception e) when (ServerErrors.Is(e, HttpStatusCode.NotFound))
            {
                Failed(request);
                Log.PilotForgotten(logger, PilotId);
                await work.ForgetAsync();
                await RegisterUnderGateAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                Failed(request);
                Log.ServerUnreachable(logger, "exchange", options.Value.Server, e.Message);
                await backoff.DelayAsync(time, stoppingToken);
            }
            catch (Refit.ApiException e)
            {
                // The request as a whole was refused (nothing of it applied): the next one takes the next number.
                Failed(request);
                Log.ExchangeRefused(logger, request.Sequence, ServerErrors.Describe(e));
                await backoff.DelayAsync(time, stoppingToken);
                return;
            }

            request = Again(request);
        }
    }

    /// <summary>The answer, or null when a change cut the long poll short (the caller asks again under the same number).</summary>
    private async Task<WorkResponse?> CallAsync(WorkRequest request, Task changed, CancellationToken stoppingToken)
    {
        if (request.Lease is not { WaitSeconds: > 0 })
        {
            return await api.ExchangeAsync(PilotId, request, stoppingToken);
        }

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var call = api.ExchangeAsync(PilotId, request, cut.Token);
        if (await Task.WhenAny(call, changed) != call)
        {
            await cut.CancelAsync();
        }

        try
        {
            return await call;
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// The same sequence and reports, asked again without waiting, with the heartbeat of now and, unless the pilot no
    /// longer takes work, the lease request of now: a server that decided this number answers with that decision
    /// whatever the resend says; one that never got it takes the resend as the request.
    /// </summary>
    private WorkRequest Again(WorkRequest request)
    {
        var now = time.GetUtcNow();
        return request with { Heartbeat = work.Heartbeat(now), Lease = work.Wanted(now) is { } lease ? lease with { WaitSeconds = 0 } : null };
    }

    private void Apply(WorkRequest request, WorkResponse response, TimeSpan elapsed)
    {
        foreach (var receipt in response.Reports)
        {
            journal.Remove(receipt.LeaseId);
            if (receipt.Accepted)
            {
                Log.Reported(logger, receipt.LeaseId);
            }
            else
            {
                Log.ReportRefused(logger, receipt.LeaseId, receipt.Refusal ?? "");
            }
        }

        foreach (var job in response.Jobs)
        {
            work.Start(job);
        }

        foreach (var command in response.Commands)
        {
            work.Obey(command);
        }

        // Every exchange is a heartbeat; one asking for work is a lease request too.
        metrics.Heartbeat(elapsed);
        if (request.Lease is not null)
        {
            metrics.LeaseRequested(elapsed, response.Jobs.Count);
        }

        Interlocked.Exchange(ref _answered, NewSignal()).TrySetResult();
    }

    private void Failed(WorkRequest request)
    {
        metrics.HeartbeatFailed();
        if (request.Lease is not null)
        {
            metrics.LeaseFailed();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
