namespace Pilot.Runtimes.Execution;

/// <summary>
/// The handle by which the pilot stops a running payload: SIGTERM to its process group, the grace period,
/// then SIGKILL. The first request wins; later ones may only shorten the grace.
/// </summary>
public sealed class PayloadControl : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();

    public StopReason? Reason { get; private set; }

    public TimeSpan Grace { get; private set; }

    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken StopRequested => _stop.Token;

    public void RequestStop(StopReason reason, TimeSpan grace)
    {
        lock (_gate)
        {
            if (Reason is null)
            {
                Reason = reason;
                Grace = grace;
            }
            else if (grace < Grace)
            {
                Grace = grace;
            }
        }

        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}
