using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Pilot.Contracts;
using Yarp.ReverseProxy.Forwarder;

namespace Pilot.Server.Interactive;

/// <summary>
/// Requests for a job whose tunnel another server of the database holds are relayed to that server with a ticket: sealed
/// by the session keys every server shares, for this job, for a minute, it says a server of this queue let the request
/// in. A browser's token and login cookie stay on the first server. The holder serves a relayed request without asking
/// for a login, and never relays it further.
/// </summary>
internal sealed class SessionRelay : IDisposable
{
    public const string TicketHeader = "Pilot-Relay";

    /// <summary>On a relayed request: answer whether the service answers (204 or 503) instead of forwarding to it.</summary>
    public const string ProbeHeader = "Pilot-Relay-Probe";

    private static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(1);
    private static readonly ForwarderRequestConfig Forwarding = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    private readonly ITimeLimitedDataProtector _tickets;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;

    public SessionRelay(IDataProtectionProvider protection, IHttpForwarder forwarder)
    {
        _tickets = protection.CreateProtector("Pilot.Interactive.Relay").ToTimeLimitedDataProtector();
        _forwarder = forwarder;
        // A holder that died refuses at once; one whose machine went away must not hold the browser long.
        _invoker = ForwardingClient.Create(TimeSpan.FromSeconds(3));
    }

    /// <summary>The request carries a valid ticket for <paramref name="jobId"/>.</summary>
    public bool IsRelayed(HttpRequest request, long jobId)
    {
        if (request.Headers[TicketHeader].ToString() is not { Length: > 0 } ticket)
        {
            return false;
        }

        try
        {
            return _tickets.Unprotect(ticket) == Subject(jobId);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Forwards the request (an upgrade included) to <paramref name="holder"/>. A browser's request loses its
    /// credentials on the way; an agent's (<paramref name="keepCredentials"/>: its tunnel's data connection) keeps its pilot token.
    /// </summary>
    public Task<ForwarderError> ForwardAsync(HttpContext context, long jobId, string holder, bool keepCredentials) =>
        _forwarder.SendAsync(context, holder, _invoker, Forwarding, new RelayTransformer(Ticket(jobId), keepCredentials)).AsTask();

    /// <summary>Asks <paramref name="holder"/> whether the job's service answers through the tunnel it holds.</summary>
    public async Task<bool> ProbeAsync(string holder, long jobId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, holder + TunnelProtocol.ProxyPrefix(jobId));
        request.Headers.Add(TicketHeader, Ticket(jobId));
        request.Headers.Add(ProbeHeader, "1");
        try
        {
            using var response = await _invoker.SendAsync(request, cancellationToken);
            return response.StatusCode == System.Net.HttpStatusCode.NoContent;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _invoker.Dispose();

    private string Ticket(long jobId) => _tickets.Protect(Subject(jobId), TicketLifetime);

    private static string Subject(long jobId) => jobId.ToString(CultureInfo.InvariantCulture);

    private sealed class RelayTransformer(string ticket, bool keepCredentials) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            if (!keepCredentials)
            {
                proxyRequest.Headers.Authorization = null;
                SessionLogin.KeepServiceCookies(httpContext.Request, proxyRequest);
            }

            proxyRequest.Headers.Remove(TicketHeader);
            proxyRequest.Headers.Add(TicketHeader, ticket);
        }
    }
}
