using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Pilot.Contracts;

namespace Pilot.Server.Interactive;

/// <summary>
/// One agent's control WebSocket for one interactive job. A connection to the job's service is asked for here
/// (<c>open STREAM</c>) and arrives as a data WebSocket the agent opens, which <see cref="Join"/> hands over.
/// </summary>
internal sealed class AgentTunnel(long jobId, string leaseId, string serviceToken, WebSocket control, TimeProvider time) : IDisposable
{
    /// <summary>How long the agent has to open the data WebSocket after being asked.</summary>
    public static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<TunnelStreamSocket>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);

    public long JobId => jobId;

    public string LeaseId => leaseId;

    /// <summary>The secret the service expects with every request; the server adds it and never shows it to the browser.</summary>
    public string ServiceToken => serviceToken;

    /// <summary>Set once the service answered through this tunnel.</summary>
    public bool Answered { get; set; }

    public async Task<TunnelStreamSocket> OpenStreamAsync(CancellationToken cancellationToken)
    {
        var streamId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var joined = new TaskCompletionSource<TunnelStreamSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[streamId] = joined;
        try
        {
            await _sending.WaitAsync(cancellationToken);
            try
            {
                await control.SendAsync(Encoding.ASCII.GetBytes(TunnelProtocol.OpenCommand + streamId), WebSocketMessageType.Text, true, cancellationToken);
            }
            finally
            {
                _sending.Release();
            }

            return await joined.Task.WaitAsync(StreamTimeout, time, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(streamId, out _);
        }
    }

    /// <summary>False when no connection with this id was asked for (or it gave up waiting).</summary>
    public bool Join(string streamId, TunnelStreamSocket socket) => _pending.TryRemove(streamId, out var joined) && joined.TrySetResult(socket);

    /// <summary>Reads the control WebSocket until the agent closes it or it breaks; the agent sends nothing else on it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var received = await control.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await control.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The agent went away or the server stops; the agent reconnects if its job still runs.
        }
    }

    public void Abort() => control.Abort();

    public void Dispose() => _sending.Dispose();
}
