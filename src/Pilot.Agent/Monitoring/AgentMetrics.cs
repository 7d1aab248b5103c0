using Pilot.Contracts;
using Prometheus;

namespace Pilot.Agent.Monitoring;

/// <summary>
/// The agent's Prometheus metrics, in a registry of its own (no event-counter or meter listeners: they cost memory
/// on every node). Counted always; exposed only when <see cref="AgentOptions.MetricsPort"/> is set.
/// </summary>
internal sealed class AgentMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter _finished;
    private readonly Counter _evictions;
    private readonly Histogram _leaseDuration;
    private readonly Counter _leaseFailures;
    private readonly Histogram _heartbeatDuration;
    private readonly Counter _heartbeatFailures;

    public AgentMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);
        _finished = Factory.CreateCounter("pilot_agent_payloads_finished_total", "Payloads that ended on this pilot, by outcome.", ["outcome"]);
        _evictions = Factory.CreateCounter("pilot_agent_evictions_total", "Times this pilot evicted its running payloads (walltime ending, site signal, stop).");
        _leaseDuration = Factory.CreateHistogram(
            "pilot_agent_lease_request_duration_seconds",
            "Exchanges asking for work, including the long-poll wait; result is granted or empty.",
            new HistogramConfiguration { Buckets = LatencyBuckets, LabelNames = ["result"] });
        _leaseFailures = Factory.CreateCounter("pilot_agent_lease_request_failures_total", "Exchanges asking for work that failed (server unreachable or erroring).");
        _heartbeatDuration = Factory.CreateHistogram(
            "pilot_agent_heartbeat_duration_seconds", "Exchanges with the server (each carries the heartbeat), including a long poll's wait.", new HistogramConfiguration { Buckets = LatencyBuckets });
        _heartbeatFailures = Factory.CreateCounter("pilot_agent_heartbeat_failures_total", "Exchanges that failed (server unreachable or erroring).");
        foreach (var outcome in Enum.GetValues<AttemptOutcome>().Where(o => o != AttemptOutcome.Running))
        {
            _finished.WithLabels(OutcomeLabel(outcome));
        }
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public void PayloadFinished(AttemptOutcome outcome) => _finished.WithLabels(OutcomeLabel(outcome)).Inc();

    public void Evicted() => _evictions.Inc();

    public void LeaseRequested(TimeSpan elapsed, int granted) =>
        _leaseDuration.WithLabels(granted > 0 ? "granted" : "empty").Observe(elapsed.TotalSeconds);

    public void LeaseFailed() => _leaseFailures.Inc();

    public void Heartbeat(TimeSpan elapsed) => _heartbeatDuration.Observe(elapsed.TotalSeconds);

    public void HeartbeatFailed() => _heartbeatFailures.Inc();

    /// <summary>The same snake_case words the API uses for outcomes.</summary>
    private static string OutcomeLabel(AttemptOutcome outcome) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());
}
