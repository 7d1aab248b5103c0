using System.Net.Http.Headers;

namespace Pilot.Server.Interactive;

/// <summary>What every request to a job's service carries instead of what the browser sent: the service's own secret, and the host it trusts.</summary>
internal static class ServiceRequest
{
    /// <summary>Jupyter refuses any other Host (DNS rebinding protection); a service behind a tunnel is local to its node.</summary>
    public const string Host = "localhost";

    public static void Authorize(HttpRequestMessage request, AgentTunnel tunnel)
    {
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("token", tunnel.ServiceToken);
    }
}
