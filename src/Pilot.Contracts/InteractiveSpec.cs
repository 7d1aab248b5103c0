namespace Pilot.Contracts;

/// <summary>
/// A job whose payload is a web service the user opens in the browser through the server
/// (<c>/jobs/ID/proxy/</c>), over a tunnel the agent opens outward: a Jupyter notebook or any HTTP service.
/// </summary>
public sealed record InteractiveSpec
{
    /// <summary>Pilot starts Jupyter Notebook itself as the job's command, listening on a Unix socket in the attempt's directory.</summary>
    public const string JupyterKind = "jupyter";

    /// <summary>The job's command is the service; <see cref="Socket"/> or <see cref="Port"/> says where it listens.</summary>
    public const string HttpKind = "http";

    public static readonly IReadOnlyList<string> Kinds = [JupyterKind, HttpKind];

    /// <summary><c>jupyter</c> or <c>http</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>http: the name of the Unix socket the service listens on, in the attempt's directory (<c>PILOT_SERVICE_SOCKET</c>).</summary>
    public string? Socket { get; init; }

    /// <summary>http: the loopback port the service listens on (127.0.0.1).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Whether the service sees the whole path, <c>/jobs/ID/proxy/...</c> (its links carry the prefix, as Jupyter's
    /// <c>base_url</c> does), or only what follows the prefix.
    /// </summary>
    public bool KeepPrefix { get; init; } = true;
}
