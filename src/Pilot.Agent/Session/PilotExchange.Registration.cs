using Microsoft.Extensions.Logging;

namespace Pilot.Agent.Session;

/// <summary>Registration and deregistration: only here, under the same gate as the exchanges.</summary>
internal sealed partial class PilotExchange
{
    private static readonly TimeSpan DeregisterWithin = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string PilotId { get; private set; } = "";

    public TimeSpan HeartbeatInterval { get; private set; } = TimeSpan.FromSeconds(15);

    /// <summary>Completes once the pilot is registered for the first time.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Registers the pilot, retrying with backoff until the server answers or the pilot stops.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RegisterUnderGateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        _ready.TrySetResult();
    }

    /// <summary>Tells the server this pilot is leaving and why; best effort, the lease reaper covers a pilot that cannot.</summary>
    public async Task DeregisterAsync(string? reason, bool nodeBroken)
    {
        using var within = new CancellationTokenSource(DeregisterWithin, time);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), random);
        try
        {
            await _gate.WaitAsync(within.Token);
        }
        catch (OperationCanceledException)
        {
            Log.ServerUnreachable(logger, "deregister", options.Value.Server, "an exchange is still retrying");
            return;
        }

        try
        {
            _left = true;
            while (PilotId.Length > 0)
            {
                try
                {
                    // Deleting a pilot twice deletes it once: safe to retry.
                    await api.DeregisterAsync(PilotId, reason, nodeBroken, within.Token);
                    return;
                }
                catch (Exception e) when (ServerErrors.IsTransient(e) && !within.IsCancellationRequested)
                {
                    Log.ServerUnreachable(logger, "deregister", options.Value.Server, e.Message);
                    await backoff.DelayAsync(time, within.Token);
                }
            }
        }
        catch (Exception e) when (ServerErrors.IsTransient(e) || e is Refit.ApiException)
        {
            Log.ServerUnreachable(logger, "deregister", options.Value.Server, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Registration is not idempotent (an answer lost on the way back leaves a pilot the server reaps as lost), so it
    /// is retried only here, by the one owner, never by a second loop at the same time.
    /// </summary>
    private async Task RegisterUnderGateAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random);
        var registration = session.Registration;
        while (true)
        {
            try
            {
                var registered = await api.RegisterAsync(registration, cancellationToken);
                PilotId = registered.PilotId;
                _sequence = 0;
                _lastAnswered = time.GetTimestamp();
                HeartbeatInterval = options.Value.HeartbeatInterval ?? TimeSpan.FromSeconds(registered.HeartbeatIntervalSeconds);
                Log.Registered(logger, PilotId, options.Value.Server, registration.Resources.Cores, registration.Resources.MemoryMb, string.Join(",", registration.Runtimes));
                return;
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                Log.ServerUnreachable(logger, "register", options.Value.Server, e.Message);
                await backoff.DelayAsync(time, cancellationToken);
            }
        }
    }
}
