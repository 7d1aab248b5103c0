using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Pilot.Server.Coordination;

/// <summary>This server process among the ones sharing a database: a fresh id per start, for its own messages to be told apart, and where the others reach it.</summary>
internal sealed class ServerInstance(IServer server, IOptions<ServerOptions> options)
{
    private static readonly string[] Wildcards = ["0.0.0.0", "[::]", "+", "*"];

    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// <see cref="ServerOptions.AdvertisedUrl"/>, else the first address this server listens on (known once it listens),
    /// with a wildcard host replaced by this machine's name.
    /// </summary>
    public string Url => field ??= options.Value.AdvertisedUrl ?? Listening();

    private string Listening()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("this server listens nowhere yet; set Pilot:Server:AdvertisedUrl");
        var uri = new UriBuilder(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (Wildcards.Contains(uri.Host))
        {
            uri.Host = Environment.MachineName;
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
