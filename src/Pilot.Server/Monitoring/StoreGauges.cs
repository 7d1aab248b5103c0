using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Storage;
using Prometheus;

namespace Pilot.Server.Monitoring;

/// <summary>
/// Gauges set from the store just before each scrape: jobs by state and queue, pilots alive by site, and per-pilot
/// resources from their heartbeat summaries. Series of pilots that left are removed, not left at their last value.
/// </summary>
internal sealed class StoreGauges : IDisposable
{
    private const string NoSite = "none";

    private readonly QueueCensus _census;
    private readonly PilotSummaries _summaries;
    private readonly TimeProvider _time;
    private readonly IOptions<MonitoringOptions> _options;
    private readonly ILogger<StoreGauges> _logger;
    private readonly Gauge _jobs;
    private readonly Gauge _pilotsAlive;
    private readonly Gauge _running;
    private readonly Gauge _freeCores;
    private readonly Gauge _freeMemory;
    private readonly Gauge _freeGpus;
    private readonly Gauge _walltimeLeft;
    private readonly Gauge _heartbeatAge;
    private readonly HashSet<string> _queues = ["default"];
    private readonly HashSet<(string Site, string State)> _sites = [];
    private readonly Dictionary<string, string> _exportedPilots = [];
    private readonly SemaphoreSlim _updating = new(1, 1);

    public StoreGauges(
        ServerMetrics metrics, QueueCensus census, PilotSummaries summaries, TimeProvider time, IOptions<MonitoringOptions> options, ILogger<StoreGauges> logger)
    {
        (_census, _summaries, _time, _options, _logger) = (census, summaries, time, options, logger);
        var factory = metrics.Factory;
        _jobs = factory.CreateGauge("pilot_jobs", "Jobs in the store, by state and queue.", ["state", "queue"]);
        _pilotsAlive = factory.CreateGauge("pilot_pilots_alive", "Pilots active or draining, by site and state.", ["site", "state"]);
        string[] perPilot = ["pilot", "site"];
        _running = factory.CreateGauge("pilot_pilot_running_payloads", "Payloads a pilot runs, from its latest heartbeat.", perPilot);
        _freeCores = factory.CreateGauge("pilot_pilot_free_cores", "Cores a pilot has free, from its latest heartbeat.", perPilot);
        _freeMemory = factory.CreateGauge("pilot_pilot_free_memory_bytes", "Memory a pilot has free, from its latest heartbeat.", perPilot);
        _freeGpus = factory.CreateGauge("pilot_pilot_free_gpus", "GPUs a pilot has free, from its latest heartbeat.", perPilot);
        _walltimeLeft = factory.CreateGauge("pilot_pilot_walltime_left_seconds", "Time until a pilot's allocation ends (pilots with a deadline only).", perPilot);
        _heartbeatAge = factory.CreateGauge("pilot_pilot_heartbeat_age_seconds", "Time since a pilot's latest heartbeat.", perPilot);
        metrics.Registry.AddBeforeCollectCallback(UpdateAsync);
    }

    public void Dispose() => _updating.Dispose();

    /// <summary>Refreshes every gauge; a store failure keeps the previous values and is logged, the scrape still answers.</summary>
    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        await _updating.WaitAsync(cancellationToken);
        try
        {
            UpdateJobs(await _census.CountJobsAsync(cancellationToken));
            UpdatePilots(await _census.AlivePilotsAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.GaugesStale(_logger, e);
        }
        finally
        {
            _updating.Release();
        }
    }

    private void UpdateJobs(IReadOnlyList<JobCount> counts)
    {
        _queues.UnionWith(counts.Select(c => c.Queue));
        var byKey = counts.ToDictionary(c => (c.State, c.Queue), c => c.Count);
        foreach (var queue in _queues)
        {
            foreach (var state in Enum.GetValues<JobState>().Select(StoredEnum.Text))
            {
                _jobs.WithLabels(state, queue).Set(byKey.GetValueOrDefault((state, queue)));
            }
        }
    }

    private void UpdatePilots(IReadOnlyList<AlivePilot> pilots)
    {
        var now = _time.GetUtcNow();
        var bySite = pilots.GroupBy(p => (p.Site ?? NoSite, p.State)).ToDictionary(g => g.Key, g => g.Count());
        _sites.UnionWith(bySite.Keys);
        foreach (var key in _sites)
        {
            _pilotsAlive.WithLabels(key.Site, key.State).Set(bySite.GetValueOrDefault(key));
        }

        _summaries.Retain(pilots.Select(p => p.Id).ToHashSet());
        var exported = _options.Value.PerPilotMetrics ? pilots : [];
        foreach (var (id, site) in _exportedPilots.Where(e => exported.All(p => p.Id != e.Key)).ToList())
        {
            foreach (var gauge in new[] { _running, _freeCores, _freeMemory, _freeGpus, _walltimeLeft, _heartbeatAge })
            {
                gauge.RemoveLabelled(id, site);
            }

            _exportedPilots.Remove(id);
        }

        foreach (var pilot in exported)
        {
            Export(pilot, now);
        }
    }

    private void Export(AlivePilot pilot, DateTimeOffset now)
    {
        var site = pilot.Site ?? NoSite;
        _exportedPilots[pilot.Id] = site;
        var summary = _summaries.Find(pilot.Id);
        var walltimeLeft = summary?.WalltimeLeftSeconds(now) ?? (pilot.WalltimeEnd is { } end ? Math.Max(0, (end - now).TotalSeconds) : null);
        if (walltimeLeft is { } left)
        {
            _walltimeLeft.WithLabels(pilot.Id, site).Set(left);
        }

        if (summary is null)
        {
            return;
        }

        var beat = summary.Heartbeat;
        _heartbeatAge.WithLabels(pilot.Id, site).Set((now - summary.ReceivedAt).TotalSeconds);
        _running.WithLabels(pilot.Id, site).Set(beat.RunningPayloads ?? beat.Leases.Count);
        if (beat.Free is { } free)
        {
            _freeCores.WithLabels(pilot.Id, site).Set(free.Cores);
            _freeMemory.WithLabels(pilot.Id, site).Set(free.MemoryMb * 1024d * 1024d);
            _freeGpus.WithLabels(pilot.Id, site).Set(free.Gpus);
        }
    }
}
