using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Bench.Slurm;

/// <summary>
/// One pilot batch job from <c>sbatch</c> to its first payload: a <c>/bin/true</c> job waits in the queue, an ephemeral
/// pilot is submitted for it, and the times come from Slurm (polled), the pilot's registration and the attempt's phases.
/// </summary>
internal static class PilotStartup
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SlurmPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ApiPoll = TimeSpan.FromMilliseconds(200);

    public static async Task<StartupSample> MeasureAsync(PilotServerProcess server, SlurmPilots slurm, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var job = await server.Api.SubmitAsync(
            new JobSpec { Name = "first-payload", Command = ["/bin/true"], Resources = new ResourceRequest { Walltime = TimeSpan.FromMinutes(2) } },
            cancellationToken);

        var submitted = time.GetUtcNow();
        var batchJob = await slurm.SubmitAsync(server, TimeSpan.FromMinutes(5), cores: 1, agentArguments: ["--ephemeral"]);
        var accepted = time.GetUtcNow();
        await Watch.ForAsync(() => slurm.StatusAsync(batchJob), status => status is { IsPending: false }, SlurmPoll, Within, $"Slurm to start pilot job {batchJob}", cancellationToken);
        var running = time.GetUtcNow();
        var pilot = await Watch.ForAsync(
            async () => (await server.Api.ListPilotsAsync(cancellationToken)).FirstOrDefault(p => p.BatchJobId == batchJob),
            found => found is not null,
            ApiPoll,
            Within,
            $"the pilot of job {batchJob} to register",
            cancellationToken);
        var view = await Watch.ForAsync(
            () => server.Api.GetJobAsync(job.Id, cancellationToken),
            seen => seen.State is not (JobState.Queued or JobState.Running),
            ApiPoll,
            Within,
            $"job {job.Id} to finish in pilot job {batchJob}",
            cancellationToken);
        if (view.State != JobState.Succeeded)
        {
            throw new InvalidOperationException($"job {job.Id} ended {view.State} in pilot job {batchJob}: {view.Reason}");
        }

        var attempt = (await server.Api.GetAttemptsAsync(job.Id, cancellationToken)).Single();
        var payloadStarted = attempt.Phases?.FirstOrDefault(phase => phase.Name == AttemptPhase.Payload)?.StartedAt
            ?? throw new InvalidOperationException($"attempt {attempt.Number} of job {job.Id} has no payload phase");
        var ended = await Watch.ForAsync(() => slurm.StatusAsync(batchJob), status => status is { IsFinished: true }, ApiPoll, Within, $"pilot job {batchJob} to end", cancellationToken);
        return new StartupSample(batchJob, accepted - submitted, running - submitted, pilot!.RegisteredAt - submitted, payloadStarted - submitted, ended!.State);
    }
}
