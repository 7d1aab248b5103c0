using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Draining;
using Pilot.Agent.Leasing;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Agent.Session;
using Pilot.Agent.SiteCluster;
using Pilot.Agent.Supervision;
using Pilot.Contracts;
using Pilot.Core;
using Pilot.Core.Specs;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Clusters.K3s;
using Pilot.Runtimes.Execution;
using Pilot.Runtimes.Apptainer;
using Pilot.Runtimes.Bubblewrap;
using Pilot.Runtimes.Charliecloud;
using Pilot.Runtimes.Podman;
using Pilot.Runtimes.Process;
using Pilot.Runtimes.Sarus;
using Pilot.Runtimes.Shifter;
using Pilot.Runtimes.Site;
using Pilot.Slurm;
using Polly;
using Refit;

namespace Pilot.Agent;

/// <summary>Builds the agent daemon: discovery, registration, heartbeats, the lease loop and payload supervision.</summary>
public static class PilotAgentHost
{
    /// <summary>Longest single HTTP attempt; above the server's longest lease wait.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);

    /// <param name="settings">Configuration overrides, e.g. <c>Pilot:Agent:Server</c>.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSystemd();
        AddServices(builder.Services);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<AgentOptions, AgentOptionsValidator>()
            .BindConfiguration(AgentOptions.SectionName);
        services.AddOptions<HostOptions>().Configure<IOptions<AgentOptions>>((host, agent) =>
            host.ShutdownTimeout = agent.Value.GracePeriod + TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(RandomSource.System);
        services.AddSingleton(new SlurmCli());
        services.AddSingleton<IAllocationDiscovery>(provider => Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { Length: > 0 }
            ? new SlurmAllocationDiscovery(
                provider.GetRequiredService<SlurmCli>(),
                Environment.GetEnvironmentVariable,
                TimeZoneInfo.Local,
                provider.GetRequiredService<ILogger<SlurmAllocationDiscovery>>())
            : new MachineAllocationDiscovery());
        AddRuntimes(services);
        services.AddSingleton<PayloadRunner>();
        services.AddOptionsWithValidateOnStart<ClusterOptions, ClusterOptionsValidator>()
            .BindConfiguration(ClusterOptions.SectionName);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ClusterOptions>>().Value);
        services.AddSingleton<ClusterLifecycle>();
        services.AddOptionsWithValidateOnStart<SiteClusterOptions, SiteClusterOptionsValidator>()
            .BindConfiguration(SiteClusterOptions.SectionName);
        services.AddSingleton<DrainState>();
        services.AddSingleton<PilotSession>();
        services.AddSingleton<ReportJournal>();
        services.AddSingleton<WorkDirectoryRemoval>();
        services.AddSingleton<AttemptRecords>();
        services.AddSingleton<AttemptLifecycle>();
        services.AddSingleton<NodeLoss>();
        services.AddSingleton<PayloadHealth>();
        services.AddSingleton<PayloadSupervisor>();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton<AgentGauges>();
        services.AddSingleton<PilotWork>();
        services.AddSingleton<IPilotWork>(provider => provider.GetRequiredService<PilotWork>());
        services.AddSingleton<PilotExchange>();
        AddServerClient(services);

        // Stopped in reverse order: the lifecycle evicts and deregisters first while the exchange still renews the leases and reports.
        services.AddHostedService<LeftoverSweeper>();
        services.AddHostedService<WarningSignalEviction>();
        services.AddHostedService<MetricsEndpoint>();
        if (KubernetesSupport.IsSupported)
        {
            services.AddHostedService<SiteClusterMembership>();
        }

        services.AddHostedService(provider => provider.GetRequiredService<PilotExchange>());
        services.AddHostedService<PilotLifecycle>();
    }

    private static void AddRuntimes(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<SiteRuntimeOptions, SiteRuntimeOptionsValidator>()
            .BindConfiguration(SiteRuntimeOptions.SectionName);
        services.AddSingleton<IPayloadRuntime, ProcessRuntime>();
        services.AddSingleton<IPayloadRuntime, CharliecloudRuntime>();
        services.AddSingleton<IPayloadRuntime, BubblewrapRuntime>();
        services.AddSingleton<IPayloadRuntime>(provider => new ApptainerRuntime(provider.GetRequiredService<TimeProvider>(), RuntimeNames.Apptainer));
        services.AddSingleton<IPayloadRuntime>(provider => new ApptainerRuntime(provider.GetRequiredService<TimeProvider>(), RuntimeNames.Singularity));
        services.AddSingleton<IPayloadRuntime, PodmanRuntime>();
        services.AddSingleton<IPayloadRuntime, ShifterRuntime>();
        services.AddSingleton<IPayloadRuntime, SarusRuntime>();
        services.AddSingleton(provider => new RuntimeCatalog(provider.GetServices<IPayloadRuntime>()
            .Concat(provider.GetRequiredService<IOptions<SiteRuntimeOptions>>().Value.SiteRuntimes.Select(definition => new SiteRuntime(definition)))));
    }

    private static void AddServerClient(IServiceCollection services)
    {
        services.AddTransient(provider => new BearerTokenHandler(() => TokenOf(provider.GetRequiredService<IOptions<AgentOptions>>().Value)));
        services.AddRefitGeneratedClient<IPilotApi>(PilotApiClient.Settings)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<AgentOptions>>().Value.Server);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<BearerTokenHandler>()
            // No retries here: the agent's exchange retries under its sequence number, and only there (an unsafe
            // request retried blindly could be granted twice).
            .AddResilienceHandler("pilot-server", pipeline =>
            {
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.9,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(5),
                });
                pipeline.AddTimeout(AttemptTimeout);
            });
    }

    internal static string? TokenOf(AgentOptions options) =>
        options.TokenFile is { Length: > 0 } file ? File.ReadAllText(file).Trim() : options.Token;
}
