using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Slurm;

/// <summary>
/// A pilot batch job running <c>sleep</c> payloads gets the site signal the way <c>#SBATCH --signal=B:USR1@N</c> sends
/// it (<c>scancel --batch --signal=USR1</c>, the batch shell only, which is the agent); measured until every payload is
/// back in the queue as evicted and until Slurm has the job finished, then the process table is searched for leftovers.
/// </summary>
internal static class SlurmEviction
{
    private const string MarkerVariable = "PILOT_BENCH_MARKER";
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task<EvictionSample> MeasureAsync(PilotServerProcess server, SlurmPilots slurm, int payloads, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var marker = $"slurm-bench-{Guid.NewGuid():N}";
        var jobs = new List<long>();
        for (var i = 0; i < payloads; i++)
        {
            var spec = new JobSpec
            {
                Name = $"long-{i}",
                Command = ["sleep", "600"],
                Environment = new Dictionary<string, string> { [MarkerVariable] = marker },
                Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(5) },
            };
            jobs.Add((await server.Api.SubmitAsync(spec, cancellationToken)).Id);
        }

        var batchJob = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(10), cores: payloads);
        await Watch.ForAsync(() => States(server, jobs, cancellationToken), states => states.All(s => s == JobState.Running), Poll * 4, Within, $"{payloads} payloads to run in pilot job {batchJob}", cancellationToken);
        await Watch.ForAsync(() => Task.FromResult(ProcessTable.Matching(marker).Count), count => count >= payloads, Poll, Within, $"{payloads} payload processes", cancellationToken);

        var signalled = time.GetTimestamp();
        await slurm.SignalAsync(batchJob, "USR1");
        var views = await Watch.ForAsync(() => Views(server, jobs, cancellationToken), seen => seen.All(v => v.State != JobState.Running), Poll, Within, "every payload to be reported", cancellationToken);
        var reported = time.GetElapsedTime(signalled);
        var leftAtReport = ProcessTable.Matching(marker).Count;
        var ended = await Watch.ForAsync(() => slurm.StatusAsync(batchJob), status => status is { IsFinished: true }, Poll * 2, Within, $"pilot job {batchJob} to end", cancellationToken);
        var endedAfter = time.GetElapsedTime(signalled);
        var leftAtEnd = ProcessTable.Matching(marker).Count;

        // The evicted jobs wait for a pilot that will not come: cancel them so the queue is left as it was.
        foreach (var view in views.Where(v => v.State == JobState.Queued))
        {
            await server.Api.CancelAsync(view.Id, cancellationToken);
        }

        var evicted = views.Count(v => v.State == JobState.Queued && v.LastOutcome == AttemptOutcome.Evicted);
        return new EvictionSample(batchJob, payloads, reported, evicted, endedAfter, ended!.State, leftAtReport, leftAtEnd);
    }

    private static async Task<JobView[]> Views(PilotServerProcess server, IEnumerable<long> jobs, CancellationToken cancellationToken) =>
        await Task.WhenAll(jobs.Select(job => server.Api.GetJobAsync(job, cancellationToken)));

    private static async Task<JobState[]> States(PilotServerProcess server, IEnumerable<long> jobs, CancellationToken cancellationToken) =>
        (await Views(server, jobs, cancellationToken)).Select(view => view.State).ToArray();
}
