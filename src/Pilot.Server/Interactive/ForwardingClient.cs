namespace Pilot.Server.Interactive;

/// <summary>The HTTP client YARP forwards sessions with: nothing of its own added (no proxy, redirects, decompression, cookies or trace headers).</summary>
internal static class ForwardingClient
{
    /// <param name="connect">How a connection is made; by default, TCP to the destination.</param>
    public static HttpMessageInvoker Create(TimeSpan connectTimeout, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = connect,
        });
}
