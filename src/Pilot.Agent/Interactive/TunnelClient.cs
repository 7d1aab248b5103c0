using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Pilot.Agent.Session;
using Pilot.Contracts;

namespace Pilot.Agent.Interactive;

/// <summary>
/// The agent's side of one interactive attempt's tunnel: holds the control WebSocket to the server (reconnecting with
/// backoff while the attempt runs) and, for each <c>open STREAM</c>, joins a new data WebSocket to a new connection to
/// the service the job declared.
/// </summary>
internal sealed class TunnelClient(TunnelEndpoint server, LeasedJob job, string serviceToken, ServiceTarget target, TimeProvider time, Random random, ILogger logger)
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10), random);
        var reconnect = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var control = server.NewSocket();
                control.Options.SetRequestHeader(TunnelProtocol.ServiceTokenHeader, serviceToken);
                control.Options.SetRequestHeader(TunnelProtocol.ReconnectHeader, reconnect ? "1" : "0");
                await control.ConnectAsync(server.UriOf(TunnelProtocol.ControlPath(job.LeaseId, job.FencingToken)), cancellationToken);
                Log.TunnelConnected(logger, job.JobId, target.ToString(), reconnect);
                backoff.Reset();
                await ServeAsync(control, cancellationToken);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
            {
                Log.TunnelLost(logger, job.JobId, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            reconnect = true;
            await backoff.DelayAsync(time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ServeAsync(ClientWebSocket control, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        while (true)
        {
            var received = await control.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("the server closed the tunnel");
            }

            var text = Encoding.ASCII.GetString(buffer, 0, received.Count);
            if (received.EndOfMessage && text.StartsWith(TunnelProtocol.OpenCommand, StringComparison.Ordinal))
            {
                _ = JoinAsync(text[TunnelProtocol.OpenCommand.Length..], cancellationToken);
            }
        }
    }

    private async Task JoinAsync(string streamId, CancellationToken cancellationToken)
    {
        try
        {
            using var data = server.NewSocket();
            await data.ConnectAsync(server.UriOf(TunnelProtocol.StreamPath(job.LeaseId, job.FencingToken, Uri.EscapeDataString(streamId))), cancellationToken);
            await using var tunnel = WebSocketStream.Create(data, WebSocketMessageType.Binary, CloseTimeout);
            await using var service = await target.ConnectAsync(cancellationToken);
            var toService = tunnel.CopyToAsync(service, cancellationToken);
            var toServer = service.CopyToAsync(tunnel, cancellationToken);
            if (await Task.WhenAny(toService, toServer) == toServer)
            {
                // The service ended the connection: say so after its last bytes, and let the server close its side.
                await data.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                await toService.WaitAsync(CloseTimeout, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
        {
            Log.TunnelStreamEnded(logger, job.JobId, target.ToString(), e.Message);
        }
    }
}
