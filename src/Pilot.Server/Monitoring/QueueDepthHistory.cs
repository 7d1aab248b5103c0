using Dapper;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Coordination;
using Pilot.Server.Storage;

namespace Pilot.Server.Monitoring;

/// <summary>
/// The queue depth over time for the web page's chart: the leading server samples it every interval into the database
/// (table <c>queue_depth</c>, the samples of the chart's window kept), so every server draws the same history, and a
/// server that just started or took over the lead draws it from before.
/// </summary>
internal sealed class QueueDepthHistory(
    SqlDialect dialect, QueueCensus census, TimeProvider time, IOptions<MonitoringOptions> options, ILeadership leadership, ILogger<QueueDepthHistory> logger)
    : SingletonService(leadership)
{
    private static readonly string Queued = StoredEnum.Text(JobState.Queued);
    private static readonly string Running = StoredEnum.Text(JobState.Running);

    public async Task<IReadOnlyList<QueueDepthSample>> SamplesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long At, long Queued, long Running)>(new CommandDefinition(
            "SELECT at_ms, queued, running FROM queue_depth ORDER BY at_ms DESC LIMIT @Samples",
            new { Samples = (long)options.Value.QueueDepthSamples },
            cancellationToken: cancellationToken));
        return [.. rows.Reverse().Select(r => new QueueDepthSample(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Queued, r.Running))];
    }

    protected override async Task LeadAsync(CancellationToken term)
    {
        var settings = options.Value;
        while (!term.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(settings, term);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.QueueDepthSampleFailed(logger, e);
            }

            await Task.Delay(settings.QueueDepthInterval, time, term);
        }
    }

    private async Task SampleAsync(MonitoringOptions settings, CancellationToken cancellationToken)
    {
        var counts = await census.CountJobsAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO queue_depth (at_ms, queued, running) VALUES (@Now, @Queued, @Running) ON CONFLICT (at_ms) DO NOTHING;
            DELETE FROM queue_depth WHERE at_ms <= @Now - @Window;
            """,
            new
            {
                Now = now,
                Queued = counts.Where(c => c.State == Queued).Sum(c => c.Count),
                Running = counts.Where(c => c.State == Running).Sum(c => c.Count),
                Window = (long)(settings.QueueDepthInterval * settings.QueueDepthSamples).TotalMilliseconds,
            },
            cancellationToken: cancellationToken));
    }
}
