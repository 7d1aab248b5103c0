using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Coordination;
using Pilot.Core.Specs;
using Pilot.Server.Endpoints;
using Pilot.Server.Errors;
using Pilot.Server.Interactive;
using Pilot.Server.Logs;
using Pilot.Server.Monitoring;
using Pilot.Server.Provisioning;
using Pilot.Server.Queue;
using Pilot.Server.Security;
using Pilot.Server.Storage;
using Pilot.Server.Storage.Commits;
using Pilot.Server.Web;
using Pilot.Slurm;
using Prometheus;

namespace Pilot.Server;

/// <summary>Builds the queue server: REST API under <c>/api/v1</c>, metrics, OpenAPI, and the background lease reaper.</summary>
public static class PilotServerApp
{
    public const long MaxRequestBytes = 8L * 1024 * 1024;

    /// <param name="settings">Configuration overrides, e.g. <c>Pilot:Server:DataDirectory</c>.</param>
    /// <param name="urls">Where to listen, e.g. <c>http://127.0.0.1:8080</c>; port 0 picks a free one.</param>
    /// <param name="configure">Last word on services, e.g. a fake clock in tests.</param>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, string urls, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Host.UseSystemd();
        AddServices(builder.Services);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        var monitoring = app.Services.GetRequiredService<IOptions<MonitoringOptions>>().Value;
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.UseExceptionHandler();
        app.UseHttpMetrics(http => http.SetMetricFactory(metrics.Factory));
        app.UseTunnelWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        var api = app.MapGroup(ApiRoutes.Prefix);
        api.MapJobs();
        api.MapPilots();
        api.MapLeases();
        api.MapTokens();
        api.MapProvisioned();
        app.MapInteractiveSessions(api);
        app.MapOpenApi();
        if (monitoring.Metrics)
        {
            app.Services.GetRequiredService<StoreGauges>();
            app.MapMetrics("/metrics", metrics.Registry).AllowAnonymous();
        }

        if (monitoring.WebPage)
        {
            app.MapWebPage(monitoring.WebPageAccess);
        }

        app.MapHealth();
        var signal = app.Services.GetRequiredService<QueueSignal>();
        app.Lifetime.ApplicationStopping.Register(signal.PulseHere);
        return app;
    }

    /// <summary>Where a server's first start writes the admin token, for the operator and for embedding hosts.</summary>
    public static string AdminTokenPath(string dataDirectory) => AdminTokenFile.PathIn(dataDirectory);

    private static void AddProvisioner(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ProvisionerOptions>()
            .BindConfiguration(ProvisionerOptions.SectionName)
            .ValidateDataAnnotations();
        services.AddSingleton(new SlurmCli());
        services.AddSingleton<ProvisionedPilots>();
        services.AddSingleton<ProvisionedBoard>();
        services.AddSingleton<QueueDemand>();
        services.AddHostedService<Provisioner>();
    }

    /// <summary>What lets several servers share one PostgreSQL database: wake-ups across servers and one leader for the singletons.</summary>
    private static void AddCoordination(IServiceCollection services)
    {
        services.AddSingleton<ServerInstance>();
        services.AddSingleton<SoleLeadership>();
        services.AddSingleton<AdvisoryLockLeadership>();
        services.AddSingleton<NoBroadcast>();
        services.AddSingleton<PostgresWorkBroadcast>();
        services.AddSingleton<ILeadership>(provider => SharesDatabase(provider)
            ? provider.GetRequiredService<AdvisoryLockLeadership>()
            : provider.GetRequiredService<SoleLeadership>());
        services.AddSingleton<IWorkBroadcast>(provider => SharesDatabase(provider)
            ? provider.GetRequiredService<PostgresWorkBroadcast>()
            : provider.GetRequiredService<NoBroadcast>());
        services.AddHostedService(provider => provider.GetRequiredService<AdvisoryLockLeadership>());
        services.AddHostedService<PostgresWorkListener>();
        services.AddHostedService<PilotSummaryExchange>();
    }

    /// <summary>Servers share a PostgreSQL database; an SQLite file has one server.</summary>
    internal static bool SharesDatabase(IServiceProvider provider) => provider.GetRequiredService<SqlDialect>() is PostgresDialect;

    private static void AddServices(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .ValidateDataAnnotations();
        services.AddOptionsWithValidateOnStart<MonitoringOptions>()
            .BindConfiguration(MonitoringOptions.SectionName)
            .ValidateDataAnnotations();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqlDialect>(provider => provider.GetRequiredService<IOptions<ServerOptions>>().Value switch
        {
            { PostgreSql: { Length: > 0 } connectionString } options => new PostgresDialect(connectionString, options.DurableCommits),
            var options => new SqliteDialect(Path.Combine(options.DataDirectory, "pilot.db"), options.DurableCommits),
        });
        AddCoordination(services);
        services.AddSingleton<QueueSignal>();
        services.AddSingleton<CommitQueue>();
        services.AddSingleton<WorkExchange>();
        services.AddSingleton<IJobStore, SqlJobStore>();
        services.AddSingleton<ITokenStore, SqlTokenStore>();
        services.AddPilotAuthorization();
        services.AddSingleton<LogStore>();
        services.AddSingleton(provider =>
            JobSpecValidator.WithSiteRuntimes(provider.GetRequiredService<IOptions<ServerOptions>>().Value.SiteRuntimes));
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<AdminTokenFile>();
        services.AddHostedService<LeaseReaper>();
        AddProvisioner(services);
        services.AddInteractiveSessions();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<QueueCensus>();
        services.AddSingleton<PilotSummaries>();
        services.AddSingleton<StoreGauges>();
        services.AddSingleton<QueueDepthHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<QueueDepthHistory>());
        services.AddHostedService<SystemdWatchdog>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<JsonOptions>(json =>
        {
            PilotJson.Configure(json.SerializerOptions);
            json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            PilotJson.RejectMissingAndNull(json.SerializerOptions);
        });
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddOpenApi();
    }
}
