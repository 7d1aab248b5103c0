using System.Globalization;

namespace Pilot.Server.Interactive;

/// <summary>
/// The HTTP client side of the proxy: a connection to a job's service is a stream over its agent's tunnel. The job id
/// travels in the destination's host name, so each job has its own connection pool.
/// </summary>
internal sealed class TunnelConnector : IDisposable
{
    private const string HostPrefix = "job-";
    private const string HostSuffix = ".tunnel.invalid";

    private readonly TunnelRegistry _registry;
    private readonly InteractiveMetrics _metrics;

    public TunnelConnector(TunnelRegistry registry, InteractiveMetrics metrics)
    {
        (_registry, _metrics) = (registry, metrics);
        Invoker = ForwardingClient.Create(AgentTunnel.StreamTimeout, ConnectAsync);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>Scheme and host only: the forwarder appends the path.</summary>
    public static string DestinationOf(long jobId) => string.Create(CultureInfo.InvariantCulture, $"http://{HostPrefix}{jobId}{HostSuffix}");

    public void Dispose() => Invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var jobId = long.Parse(host.AsSpan(HostPrefix.Length, host.Length - HostPrefix.Length - HostSuffix.Length), CultureInfo.InvariantCulture);
        var tunnel = _registry.Find(jobId) ?? throw new HttpRequestException($"job {jobId} has no tunnel to this server now");
        return new TunnelStream(await tunnel.OpenStreamAsync(cancellationToken), _metrics);
    }
}
