using System.Net.WebSockets;

namespace Pilot.Server.Interactive;

/// <summary>
/// A data WebSocket an agent opened for one connection to a service. Its request stays open until the connection
/// ends: <see cref="Ended"/> completes when the forwarder lets the connection go.
/// </summary>
internal sealed class TunnelStreamSocket(WebSocket socket)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WebSocket Socket => socket;

    public Task Ended => _ended.Task;

    public void End() => _ended.TrySetResult();
}
