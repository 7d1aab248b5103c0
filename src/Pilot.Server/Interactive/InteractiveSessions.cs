using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Pilot.Server.Interactive;

/// <summary>Wires interactive sessions into the server: tunnels from agents, the proxy and login for browsers, the session view.</summary>
internal static class InteractiveSessions
{
    private static readonly TimeSpan TunnelKeepAlive = TimeSpan.FromSeconds(15);

    public static void AddInteractiveSessions(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<InteractiveOptions>()
            .BindConfiguration(InteractiveOptions.SectionName)
            .ValidateDataAnnotations();
        services.AddHttpForwarder();
        // Login cookies survive a restart: their keys live in the data directory, readable by the server only.
        services.AddDataProtection().SetApplicationName("pilot-server");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<ServerOptions>, ILoggerFactory>((keys, server, loggers) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(server.Value.DataDirectory, "session-keys")), loggers));
        services.AddSingleton<InteractiveMetrics>();
        services.AddSingleton<TunnelRegistry>();
        services.AddSingleton<TunnelConnector>();
        services.AddSingleton<ServiceProbe>();
        services.AddSingleton<SessionOrigin>();
        services.AddSingleton<SessionLogin>();
    }

    public static void UseTunnelWebSockets(this IApplicationBuilder app) =>
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TunnelKeepAlive });

    public static void MapInteractiveSessions(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapTunnels();
        api.MapSessionView();
        app.MapSessionLogin();
        app.MapSessionProxy();
    }
}
