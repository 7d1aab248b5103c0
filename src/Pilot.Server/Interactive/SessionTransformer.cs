using Yarp.ReverseProxy.Forwarder;

namespace Pilot.Server.Interactive;

/// <summary>
/// Rewrites one browser request for the job's service: the user's token and login cookie stay at the server, the
/// service's secret goes in, the prefix goes or stays as the job asked; its answers may not be framed by other pages.
/// </summary>
internal sealed class SessionTransformer(AgentTunnel tunnel, PathString? pathWithoutPrefix) : HttpTransformer
{
    public const string FrameAncestors = "frame-ancestors 'none'";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var path = pathWithoutPrefix ?? httpContext.Request.Path;
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);

        ServiceRequest.Authorize(proxyRequest, tunnel);
        SessionLogin.KeepServiceCookies(httpContext.Request, proxyRequest);
        proxyRequest.Headers.Remove(SessionRelay.TicketHeader);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        if (!headers.ContentSecurityPolicy.Contains(FrameAncestors))
        {
            headers.Append("Content-Security-Policy", FrameAncestors);
        }

        return proceed;
    }
}
