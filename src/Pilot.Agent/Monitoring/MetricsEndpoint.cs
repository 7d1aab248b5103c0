using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Pilot.Agent.Monitoring;

/// <summary>
/// Serves <c>/metrics</c> on <see cref="AgentOptions.MetricsPort"/>, off by default: compute nodes usually allow no
/// inbound port, and the server exposes each pilot's heartbeat summary instead.
/// </summary>
internal sealed class MetricsEndpoint(IServiceProvider services, IOptions<AgentOptions> options, ILogger<MetricsEndpoint> logger) : IHostedService, IDisposable
{
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MetricsPort == 0)
        {
            return Task.CompletedTask;
        }

        services.GetRequiredService<AgentGauges>();
        _server = new MetricServer(settings.MetricsHost, settings.MetricsPort, "metrics/", services.GetRequiredService<AgentMetrics>().Registry);
        _server.Start();
        Log.ServingMetrics(logger, settings.MetricsHost, settings.MetricsPort);
        return Task.CompletedTask;
    }

    public void Dispose() => _server?.Dispose();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }
}
