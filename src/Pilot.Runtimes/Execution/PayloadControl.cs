namespace Pilot.Runtimes.Execution;

/// <summary>
/// The handle by which the pilot stops a running payload: SIGTERM to its process group, the grace period,
/// then SIGKILL. The first request wins; later ones may only shorten the grace.
/// </summary>
public sealed class PayloadControl : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private bool _disposed;

    public StopReason? Reason { get; private set; }

    /// <summary>What the first stop's requester said: the pilot's drain reason, the server's order.</summary>
    public string? Why { get; private set; }

    public TimeSpan Grace { get; private set; }

    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken StopRequested => _stop.Token;

    public void RequestStop(StopReason reason, TimeSpan grace, string? why = null)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                // The payload has ended and its attempt is over (an order for it crossed its report): nothing to stop.
                return;
            }

            if (Reason is null)
            {
                Reason = reason;
                Why = why;
                Grace = grace;
            }
            else if (grace < Grace)
            {
                Grace = grace;
            }
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check above and here: the payload ended meanwhile.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _stop.Dispose();
    }
}
