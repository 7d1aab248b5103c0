using System.CommandLine;
using Pilot.Contracts;

namespace Pilot.CommandLine;

/// <summary>The API client a verb talks through, made from the global options.</summary>
internal sealed class ServerConnection : IDisposable
{
    private readonly HttpClient _http;

    public ServerConnection(ParseResult parse)
        : this(GlobalOptions.ServerOf(parse), GlobalOptions.TokenOf(parse))
    {
    }

    public ServerConnection(string server, string? token)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--server '{server}' is not an http(s) URL; e.g. --server http://127.0.0.1:8080");
        }

        Address = address;
        var retries = ServerRetries.Handler();
        retries.InnerHandler = new HttpClientHandler();
        _http = new HttpClient(new BearerTokenHandler(() => token) { InnerHandler = retries })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(100),
        };
        Api = PilotApiClient.Create(_http);
    }

    public Uri Address { get; }

    public IPilotApi Api { get; }

    public void Dispose() => _http.Dispose();
}
