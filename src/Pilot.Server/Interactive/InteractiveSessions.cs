using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Pilot.Server.Storage;

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
        // Login cookies survive a restart and open on every server of the database: their keys live in it.
        services.AddDataProtection().SetApplicationName("pilot-server");
        services.AddOptions<KeyManagementOptions>().Configure<SqlDialect>((keys, dialect) => keys.XmlRepository = new DatabaseKeyRepository(dialect));
        services.AddSingleton<InteractiveMetrics>();
        services.AddSingleton<TunnelDirectory>();
        services.AddHostedService(provider => provider.GetRequiredService<TunnelDirectory>());
        services.AddSingleton<TunnelRegistry>();
        services.AddSingleton<SessionRelay>();
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
