using System.Net;
using System.Net.Sockets;

namespace Pilot.Agent.Interactive;

/// <summary>
/// Where a job's service listens, as its spec declared it: a Unix socket in the attempt's directory or a loopback port.
/// The tunnel dials only this, whatever the server asks.
/// </summary>
internal sealed record ServiceTarget(string? SocketPath, int? Port)
{
    /// <summary>The kernel's limit for a Unix socket path (sun_path, 108 bytes with its terminator).</summary>
    public const int MaxSocketPathLength = 107;

    public async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = SocketPath is { } path
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endpoint = SocketPath is { } unix ? new UnixDomainSocketEndPoint(unix) : new IPEndPoint(IPAddress.Loopback, Port!.Value);
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override string ToString() => SocketPath ?? $"127.0.0.1:{Port}";
}
