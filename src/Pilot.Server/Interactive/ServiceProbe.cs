using Pilot.Contracts;

namespace Pilot.Server.Interactive;

/// <summary>Whether a job's service answers through its tunnel: any HTTP answer counts, a refused or broken connection does not.</summary>
internal sealed class ServiceProbe(TunnelConnector connector, SessionRelay relay)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Through the tunnel here, or asked of the server holding it.</summary>
    public Task<bool> AnswersAsync(long jobId, TunnelPlace place, InteractiveSpec spec, CancellationToken cancellationToken) => place switch
    {
        { Here: { } tunnel } => AnswersAsync(tunnel, spec, cancellationToken),
        { Holder: { } holder } => relay.ProbeAsync(holder, jobId, cancellationToken),
        _ => Task.FromResult(false),
    };

    public async Task<bool> AnswersAsync(AgentTunnel tunnel, InteractiveSpec spec, CancellationToken cancellationToken)
    {
        if (tunnel.Answered)
        {
            return true;
        }

        var path = spec.KeepPrefix ? TunnelProtocol.ProxyPrefix(tunnel.JobId) : "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, TunnelConnector.DestinationOf(tunnel.JobId) + path);
        ServiceRequest.Authorize(request, tunnel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await connector.Invoker.SendAsync(request, timeout.Token);
            return tunnel.Answered = true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
