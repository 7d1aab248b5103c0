using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Monitoring;

/// <summary>Samples the queue depth every interval and keeps the latest samples in memory for the web page's chart.</summary>
internal sealed class QueueDepthHistory(QueueCensus census, TimeProvider time, IOptions<MonitoringOptions> options, ILogger<QueueDepthHistory> logger)
    : BackgroundService
{
    private static readonly string Queued = StoredEnum.Text(JobState.Queued);
    private static readonly string Running = StoredEnum.Text(JobState.Running);

    private readonly Queue<QueueDepthSample> _samples = new();

    public IReadOnlyList<QueueDepthSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return _samples.ToList();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var counts = await census.CountJobsAsync(stoppingToken);
                var sample = new QueueDepthSample(time.GetUtcNow(), counts.Where(c => c.State == Queued).Sum(c => c.Count), counts.Where(c => c.State == Running).Sum(c => c.Count));
                lock (_samples)
                {
                    _samples.Enqueue(sample);
                    while (_samples.Count > settings.QueueDepthSamples)
                    {
                        _samples.Dequeue();
                    }
                }

                await Task.Delay(settings.QueueDepthInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.QueueDepthSampleFailed(logger, e);
                await Task.Delay(settings.QueueDepthInterval, time, stoppingToken);
            }
        }
    }
}
