using Pilot.Contracts;
using Pilot.Server.Storage;
using Prometheus;

namespace Pilot.Server.Monitoring;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own so that two servers in one process (tests, the demo) do
/// not share counters. Events are counted as they happen; gauges of jobs and pilots are read from the store at scrape
/// time. Labels are bounded: queue, state, outcome, site, and the pilot id of pilots alive now.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly double[] WaitBuckets = Histogram.ExponentialBuckets(0.1, 4, 10);
    private static readonly double[] RunBuckets = Histogram.ExponentialBuckets(1, 4, 10);

    private readonly Counter _submitted;
    private readonly Counter _leasesGranted;
    private readonly Counter _leasesExpired;
    private readonly Counter _attemptsFinished;
    private readonly Histogram _jobWait;
    private readonly Histogram _jobRun;
    private readonly Gauge _leading;

    public ServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);
        _submitted = Factory.CreateCounter("pilot_jobs_submitted_total", "Jobs submitted, by queue.", ["queue"]);
        _leasesGranted = Factory.CreateCounter("pilot_leases_granted_total", "Leases granted to pilots (one per attempt started).");
        _leasesExpired = Factory.CreateCounter("pilot_leases_expired_total", "Leases that expired because their pilot stopped heartbeating.");
        _attemptsFinished = Factory.CreateCounter("pilot_attempts_finished_total", "Attempts that ended, by outcome (failure class).", ["outcome"]);
        _jobWait = Factory.CreateHistogram(
            "pilot_job_wait_seconds", "Time from a job's submission to its first lease.", new HistogramConfiguration { Buckets = WaitBuckets });
        _jobRun = Factory.CreateHistogram(
            "pilot_job_run_seconds", "How long attempts ran, from payload start to end, by outcome.", new HistogramConfiguration { Buckets = RunBuckets, LabelNames = ["outcome"] });
        _leading = Factory.CreateGauge("pilot_server_leading", "1 while this server leads the servers sharing its database (runs the lease reaper and the provisioner).");
        foreach (var outcome in Enum.GetValues<AttemptOutcome>().Where(o => o != AttemptOutcome.Running))
        {
            _attemptsFinished.WithLabels(StoredEnum.Text(outcome));
        }
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public void Leading(bool leading) => _leading.Set(leading ? 1 : 0);

    public void JobSubmitted(JobView job) => _submitted.WithLabels(job.Spec.Queue).Inc();

    /// <summary>A batch's jobs, counted under the queue of their first: a batch is one submission.</summary>
    public void JobsSubmitted(int count, string queue = "default") => _submitted.WithLabels(queue).Inc(count);

    public void LeasesGranted(IReadOnlyList<LeasedJob> jobs, DateTimeOffset now)
    {
        _leasesGranted.Inc(jobs.Count);
        foreach (var job in jobs.Where(j => j.Attempt == 1 && j.SubmittedAt is not null))
        {
            _jobWait.Observe(Math.Max(0, (now - job.SubmittedAt!.Value).TotalSeconds));
        }
    }

    public void LeasesExpired(int count)
    {
        _leasesExpired.Inc(count);
        _attemptsFinished.WithLabels(StoredEnum.Text(AttemptOutcome.PilotLost)).Inc(count);
    }

    public void AttemptReported(AttemptReport report)
    {
        var outcome = StoredEnum.Text(report.Outcome);
        _attemptsFinished.WithLabels(outcome).Inc();
        if (report.StartedAt is { } started)
        {
            _jobRun.WithLabels(outcome).Observe(Math.Max(0, (report.FinishedAt - started).TotalSeconds));
        }
    }
}
