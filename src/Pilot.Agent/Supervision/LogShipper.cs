using System.Net;
using Pilot.Agent.Session;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>Ships what a payload writes to the server while it runs, so <c>pilot logs -f</c> shows it live.</summary>
internal sealed class LogShipper(IPilotApi api, LeasedJob job, PayloadLog log, TimeSpan interval, TimeProvider time)
{
    private const int MaxChunkBytes = 1024 * 1024;
    private long _shipped;
    private bool _refused;

    public bool NothingShipped => _shipped == 0;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop);
                await ShipAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends everything written since the last chunk; false when a transient failure left some for the next call (a
    /// chunk carries its offset, so one sent again is stored once: safe to retry).
    /// </summary>
    public async Task<bool> ShipAsync(CancellationToken cancellationToken)
    {
        while (!_refused)
        {
            var pending = log.Length - _shipped;
            if (pending <= 0)
            {
                return true;
            }

            var buffer = new byte[Math.Min(pending, MaxChunkBytes)];
            var read = log.ReadAt(_shipped, buffer);
            try
            {
                using var chunk = new MemoryStream(buffer, 0, read, writable: false);
                await api.AppendLogAsync(job.LeaseId, job.FencingToken, _shipped, chunk, cancellationToken);
                _shipped += read;
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Refit.ApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge)
            {
                _refused = true;
            }
        }

        return true;
    }
}
