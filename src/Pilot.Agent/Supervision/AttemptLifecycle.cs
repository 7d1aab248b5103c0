using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Interactive;
using Pilot.Agent.Leasing;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Reporting;
using Pilot.Agent.Session;
using Pilot.Contracts;
using Pilot.Core.Resources;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>
/// Runs one attempt from lease to report: scratch directory, environment, runtime set-up, the payload itself
/// (stopped if it outruns its walltime), live log shipping, and the result through the journal.
/// </summary>
internal sealed class AttemptLifecycle(
    IPilotApi api,
    RuntimeCatalog runtimes,
    PayloadRunner runner,
    ClusterLifecycle clusters,
    NodeLoss nodeLoss,
    PilotSession session,
    ReportJournal journal,
    AgentMetrics metrics,
    AttemptRecords records,
    TimeProvider time,
    Random random,
    IOptions<AgentOptions> options,
    ILogger<AttemptLifecycle> logger)
{
    /// <summary>A log this short stays in memory and travels whole in the report; a longer one goes to <c>WORK/logs/</c>.</summary>
    private const int InMemoryLogBytes = 64 * 1024;

    public async Task<PayloadResult> RunAsync(LeasedJob job, Reservation reservation, PayloadControl control)
    {
        var settings = options.Value;
        var name = $"{job.JobId}.{job.Attempt}";
        var scratch = AttemptScratch.PathOf(settings.WorkDirectory, job);
        var logPath = Path.Combine(settings.WorkDirectory, "logs", name + ".log");
        Log.AttemptStarting(logger, job.JobId, job.Attempt, job.LeaseId, job.Spec.Runtime.Type);
        records.Begin(job);
        var phases = new PhaseTimeline(time);
        phases.Begin(AttemptPhase.Setup);

        PayloadResult result;
        LogTail tail;
        using (var log = new PayloadLog(logPath, settings.MaxLogBytes, InMemoryLogBytes))
        {
            var shipper = new LogShipper(api, job, log, settings.LogShipInterval, time);
            using var stopShipping = new CancellationTokenSource();
            var shipping = shipper.RunAsync(stopShipping.Token);
            using var walltime = time.CreateTimer(_ => control.RequestStop(StopReason.WalltimeExceeded, settings.GracePeriod), null, job.Spec.Resources.Walltime, Timeout.InfiniteTimeSpan);

            var launch = Launch(job, reservation, scratch);
            await using var interactive = InteractiveSession.Begin(job, launch, options, time, random, logger);
            result = await RunPayloadAsync(job, reservation, interactive?.Launch ?? launch, log, control, phases);
            phases.Begin(AttemptPhase.Report);
            await stopShipping.CancelAsync();
            await shipping;
            // A short log of which nothing was shipped travels whole in the report: one request less per small payload.
            tail = LogTail.Read(log, shipper.NothingShipped);
            if (!tail.IsWholeLog)
            {
                await ShipRemainderAsync(shipper);
            }
        }

        var report = new AttemptReport
        {
            FencingToken = job.FencingToken,
            Outcome = result.Outcome,
            ExitCode = result.ExitCode,
            StartedAt = result.StartedAt,
            FinishedAt = result.FinishedAt,
            Reason = result.Reason,
            LogTail = tail.Text,
            LogTailIsWholeLog = tail.IsWholeLog,
            Phases = phases.Close(),
        };
        Log.AttemptEnded(logger, job.JobId, job.Attempt, result.Outcome.ToString(), result.ExitCode, result.Reason ?? "");
        metrics.PayloadFinished(result.Outcome);

        // Scratch goes before the report: once the server has the result, the node holds nothing of the attempt.
        if (!settings.KeepScratch)
        {
            AttemptScratch.Delete(scratch);
        }

        // The pilot's next exchange carries it; the journal keeps it until the server's receipt.
        journal.Save(job.LeaseId, report);
        records.End(job.LeaseId);
        return result;
    }

    private async Task<PayloadResult> RunPayloadAsync(LeasedJob job, Reservation reservation, PayloadLaunch launch, PayloadLog log, PayloadControl control, PhaseTimeline phases)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            if (job.Spec.Cluster is not null)
            {
                Directory.CreateDirectory(launch.WorkingDirectory);
                return await clusters.RunAsync(launch, Placement(reservation), log, control);
            }

            var runtime = runtimes.Find(job.Spec.Runtime.Type)
                ?? throw new SetupFailedException($"this pilot has no '{job.Spec.Runtime.Type}' runtime");
            Directory.CreateDirectory(launch.WorkingDirectory);
            launch = await runtime.PrepareAsync(launch, log, control.StopRequested);
            var command = runtime.BuildCommand(launch);
            var asStep = PayloadStep.IsNeeded(job.Spec, reservation, session.Allocation.BatchJobId);
            if (asStep)
            {
                command = PayloadStep.Wrap(command, job.JobId, job.Spec, reservation, session.Allocation, random);
            }
            if (control.Reason is { } early)
            {
                return new PayloadResult(StopReasons.Outcome(early), null, startedAt, time.GetUtcNow(), $"{StopReasons.Describe(early, control.Why)}, before the payload started");
            }

            log.Note($"{runtime.Name}: {command}");
            phases.Begin(AttemptPhase.Payload);
            var result = await runner.RunAsync(command, log, control, job.LeaseId, Limits(job, launch, asStep));
            return asStep ? await nodeLoss.JudgeAsync(result, reservation, session.Ledger, session.Allocation.BatchJobId!, log) : result;
        }
        catch (SetupFailedException e)
        {
            log.Note($"setup failed: {e.Message}");
            return new PayloadResult(AttemptOutcome.SetupFailed, null, startedAt, time.GetUtcNow(), e.Message);
        }
        catch (OperationCanceledException) when (control.Reason is { } stop)
        {
            return new PayloadResult(StopReasons.Outcome(stop), null, startedAt, time.GetUtcNow(), $"{StopReasons.Describe(stop, control.Why)}, while the payload was being set up");
        }
        catch (IOException e)
        {
            log.Note($"setup failed: {e.Message}");
            return new PayloadResult(AttemptOutcome.SetupFailed, null, startedAt, time.GetUtcNow(), $"scratch directory: {e.Message}");
        }
    }

    /// <summary>A job step's memory is Slurm's to enforce (<c>srun --mem</c>), on every node it spans.</summary>
    private PayloadLimits Limits(LeasedJob job, PayloadLaunch launch, bool asStep) => new()
    {
        MemoryMb = asStep ? 0 : job.Spec.Resources.MemoryMb,
        MemoryCgroupRoot = options.Value.MemoryCgroupRoot,
        ScratchDirectory = launch.ScratchDirectory,
        ScratchLimitMb = options.Value.MaxScratchMb,
        ScratchCheckInterval = options.Value.ScratchCheckInterval,
    };

    /// <summary>A cluster job spans the nodes reserved for it, this pilot's own node first when it is one of them.</summary>
    private ClusterPlacement Placement(Reservation reservation) =>
        new() { Nodes = reservation.NodeNames, BatchJobId = session.Allocation.BatchJobId, MachineMemoryMb = MemInfo.TotalMb() };

    private PayloadLaunch Launch(LeasedJob job, Reservation reservation, string scratch)
    {
        var resources = job.Spec.Resources;
        var gpus = reservation.Gpus;
        var environment = new Dictionary<string, string>(job.Spec.Environment ?? new Dictionary<string, string>())
        {
            ["PILOT_JOB_ID"] = job.JobId.ToString(CultureInfo.InvariantCulture),
            ["PILOT_ATTEMPT"] = job.Attempt.ToString(CultureInfo.InvariantCulture),
            ["PILOT_CORES"] = resources.Cores.ToString(CultureInfo.InvariantCulture),
            ["PILOT_TASKS"] = resources.TaskCount().ToString(CultureInfo.InvariantCulture),
            ["PILOT_NODELIST"] = string.Join(',', reservation.NodeNames),
            ["PILOT_SCRATCH"] = scratch,
        };
        environment.TryAdd("OMP_NUM_THREADS", resources.CoresPerTask().ToString(CultureInfo.InvariantCulture));
        if (gpus.Count > 0)
        {
            environment["CUDA_VISIBLE_DEVICES"] = string.Join(',', gpus);
        }

        return new PayloadLaunch
        {
            JobId = job.JobId,
            LeaseId = job.LeaseId,
            Spec = job.Spec,
            ScratchDirectory = scratch,
            Environment = environment,
            Gpus = gpus,
            ImageCacheDirectory = Path.Combine(options.Value.WorkDirectory, "images"),
        };
    }

    private async Task ShipRemainderAsync(LogShipper shipper)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), random);
        try
        {
            while (!await shipper.ShipAsync(timeout.Token))
            {
                await backoff.DelayAsync(time, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The node keeps the whole log and the report carries its tail; the server gets what it got.
        }
    }
}
