using System.Net.WebSockets;

namespace Pilot.Agent.Interactive;

/// <summary>The server as a WebSocket peer: its address with a ws or wss scheme, and the pilot's token on every upgrade.</summary>
internal sealed class TunnelEndpoint(Uri server, string? token)
{
    /// <summary>Keeps site proxies and NAT from dropping an idle tunnel; a ping unanswered this long means the server is gone.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public Uri UriOf(string pathAndQuery)
    {
        var builder = new UriBuilder(new Uri(server, pathAndQuery)) { Scheme = server.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs };
        return builder.Uri;
    }

    public ClientWebSocket NewSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = KeepAlive;
        socket.Options.KeepAliveTimeout = KeepAlive;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        return socket;
    }
}
