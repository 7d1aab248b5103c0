namespace Pilot.Contracts;

/// <summary>
/// How an agent carries an interactive job's traffic: it holds one control WebSocket per job at
/// <see cref="ControlPath"/>; for each connection the server needs to the service it sends the text
/// <c>open STREAM</c> there, and the agent dials the service the job declared and joins it to a new data WebSocket at
/// <see cref="StreamPath"/>. The server never names a target, so the agent is no relay.
/// </summary>
public static class TunnelProtocol
{
    /// <summary>On the control WebSocket's upgrade: the per-job secret the service expects, which the agent made.</summary>
    public const string ServiceTokenHeader = "X-Pilot-Service-Token";

    /// <summary>On the control WebSocket's upgrade: <c>1</c> when the agent lost an earlier tunnel of this attempt.</summary>
    public const string ReconnectHeader = "X-Pilot-Tunnel-Reconnect";

    public const string OpenCommand = "open ";

    public static string ControlPath(string leaseId, long fencingToken) => $"{IPilotApi.Prefix}/leases/{leaseId}/tunnel?token={fencingToken}";

    public static string StreamPath(string leaseId, long fencingToken, string streamId) => $"{IPilotApi.Prefix}/leases/{leaseId}/tunnel/{streamId}?token={fencingToken}";

    /// <summary>Where the browser opens the job's service; the service sees it as its base path unless it drops the prefix.</summary>
    public static string ProxyPrefix(long jobId) => $"/jobs/{jobId}/proxy/";
}
