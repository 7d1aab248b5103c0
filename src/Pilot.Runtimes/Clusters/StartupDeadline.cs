using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Clusters;

/// <summary>
/// Bounds how long a cluster may take to come up. Running out of time is a setup failure that says what did not come
/// up; a stop order from the pilot ends the start-up as the cancellation it is.
/// </summary>
internal sealed class StartupDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly PayloadControl _control;
    private readonly TimeSpan _timeout;

    public StartupDeadline(TimeSpan timeout, PayloadControl control, TimeProvider time)
    {
        _timeout = timeout;
        _control = control;
        _deadline = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, control.StopRequested);
    }

    public async Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> startUp, string what)
    {
        try
        {
            return await startUp(_linked.Token);
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested && !_control.StopRequested.IsCancellationRequested)
        {
            throw new SetupFailedException($"{what} did not come up within {_timeout} (cluster.startup_timeout); its daemons were stopped");
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
