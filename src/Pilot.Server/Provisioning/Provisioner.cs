using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Coordination;
using Pilot.Server.Storage;
using Pilot.Slurm;
using Pilot.Slurm.Submission;

namespace Pilot.Server.Provisioning;

/// <summary>
/// Harvester's role: when a queue holds more work than its live pilots can take, submits pilot batch jobs with
/// sbatch, never more than the queue's cap pending and running at once, and follows each through squeue/sacct.
/// Of the servers sharing a database only the leader provisions: a new leader first counts the pilot jobs Slurm
/// still has under the queue's job name, and every sbatch is fenced by asking the database whether it still leads.
/// </summary>
internal sealed class Provisioner(
    SlurmCli slurm,
    ProvisionedPilots provisioned,
    ProvisionedBoard board,
    QueueDemand demand,
    IJobStore store,
    TimeProvider time,
    IOptions<ProvisionerOptions> options,
    ILeadership leadership,
    ILogger<Provisioner> logger) : SingletonService(leadership)
{
    /// <summary>After sbatch refuses a queue's pilot job, wait this many intervals before trying again.</summary>
    private const int RefusalPause = 10;

    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = [];

    protected override async Task LeadAsync(CancellationToken term)
    {
        var settings = options.Value;
        if (settings.Queues.Count == 0)
        {
            return;
        }

        foreach (var queue in settings.Queues)
        {
            await GuardAsync(queue.Queue, () => RecoverAsync(queue, term), term);
        }

        while (!term.IsCancellationRequested)
        {
            foreach (var queue in settings.Queues)
            {
                await GuardAsync(queue.Queue, () => ProvisionAsync(queue, term), term);
            }

            await GuardAsync("publishing the pilot jobs", () => board.PublishAsync(provisioned.All, term), term);

            await Task.Delay(settings.Interval, time, term);
        }
    }

    private async Task ProvisionAsync(ProvisionedQueueOptions queue, CancellationToken cancellationToken)
    {
        var pilots = await store.ListPilotsAsync(cancellationToken);
        await RefreshAsync(queue, pilots, cancellationToken);
        await SupplyAsync(queue, pilots, cancellationToken);
    }

    /// <summary>After a restart: pilot jobs still in Slurm under this queue's job name count against its cap again.</summary>
    private async Task RecoverAsync(ProvisionedQueueOptions queue, CancellationToken cancellationToken)
    {
        var output = await slurm.RunAsync(SlurmCommands.StatusByName(JobName(queue)), cancellationToken);
        foreach (var status in SlurmJobStatus.ParseAll(output).Where(s => !s.IsFinished))
        {
            provisioned.Add(View(queue, status.JobId, time.GetUtcNow()) with { State = StateOf(status, registered: false), SlurmState = status.State, Reason = status.Reason });
        }
    }

    private async Task RefreshAsync(ProvisionedQueueOptions queue, IReadOnlyList<PilotView> pilots, CancellationToken cancellationToken)
    {
        var active = provisioned.Active(queue.Queue);
        if (active.Count == 0)
        {
            return;
        }

        var ids = active.Select(p => p.BatchJobId!).ToList();
        var statuses = SlurmJobStatus.ParseAll(await slurm.RunAsync(SlurmCommands.Status(ids), cancellationToken)).ToDictionary(s => s.JobId);
        foreach (var id in ids.Where(id => !statuses.ContainsKey(id)))
        {
            statuses[id] = await ForgottenAsync(id, cancellationToken);
        }

        var diedUnregistered = false;
        foreach (var (id, status) in statuses)
        {
            var pilotId = pilots.FirstOrDefault(p => p.BatchJobId == id)?.Id;
            provisioned.Update(id, view =>
            {
                var registered = (pilotId ?? view.PilotId) is not null;
                var updated = view with { SlurmState = status.State, Reason = ReasonOf(status, registered), PilotId = pilotId ?? view.PilotId, State = StateOf(status, registered) };
                if (updated.State == ProvisionedPilots.Failed && view.State != ProvisionedPilots.Failed)
                {
                    Log.PilotJobFailed(logger, id, queue.Queue, status.State, updated.Reason ?? "");
                    diedUnregistered |= !registered;
                }

                return updated;
            });
        }

        if (diedUnregistered)
        {
            // Pilot jobs that die before they register would die again: back off as after a refused sbatch.
            _pausedUntil[queue.Queue] = time.GetUtcNow() + options.Value.Interval * RefusalPause;
        }
    }

    /// <summary>A job the controller no longer lists: its final state from the job completion log, if Slurm keeps one.</summary>
    private async Task<SlurmJobStatus> ForgottenAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            var output = await slurm.RunAsync(SlurmCommands.Accounting([jobId], completionLog: true), cancellationToken);
            var fields = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('|')).FirstOrDefault(f => f.Length >= 2 && f[0] == jobId);
            if (fields is not null)
            {
                return new SlurmJobStatus(jobId, fields[1].Split(' ')[0], fields.Length > 2 ? $"exit code {fields[2]}" : "");
            }
        }
        catch (SlurmException e)
        {
            Log.SlurmUnavailable(logger, "sacct", e.Message);
        }

        return new SlurmJobStatus(jobId, "UNKNOWN", "Slurm no longer knows this job and keeps no accounting for it");
    }

    private async Task SupplyAsync(ProvisionedQueueOptions queue, IReadOnlyList<PilotView> pilots, CancellationToken cancellationToken)
    {
        if (_pausedUntil.TryGetValue(queue.Queue, out var paused) && time.GetUtcNow() < paused)
        {
            return;
        }

        var (jobs, cores, widest) = await demand.QueuedAsync(queue.Queue, cancellationToken);
        var active = provisioned.Active(queue.Queue);
        var serving = pilots.Where(p => p.State == "active" && (p.Queues.Count == 0 || p.Queues.Contains(queue.Queue))).ToList();
        var live = serving.Sum(p => (long)(p.Free?.Cores ?? p.Resources.Cores));
        // Pilot jobs are as wide as the widest queued job, so one that fits it is coming unless every pilot is too narrow.
        var nodes = (int)Math.Max(queue.Nodes, widest);
        var perPilot = (long)queue.Cores * nodes;
        var unregistered = active.Count(p => p.PilotId is null);
        var coming = unregistered * perPilot;
        var tooWide = unregistered == 0 && widest > serving.Select(p => p.Resources.Nodes).DefaultIfEmpty(0).Max();
        var deficit = Math.Max(cores - live - coming, tooWide ? 1 : 0);
        var room = queue.MaxPilots - active.Count;
        if (jobs == 0 || deficit <= 0 || room <= 0)
        {
            return;
        }

        var wanted = (int)Math.Min(room, (deficit + perPilot - 1) / perPilot);
        Log.Provisioning(logger, queue.Queue, jobs, cores, live + coming, wanted, active.Count, queue.MaxPilots);
        var avoid = BrokenNodes(pilots);
        for (var i = 0; i < wanted; i++)
        {
            if (!await SubmitAsync(queue, nodes, avoid, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Nodes a pilot recently judged broken (its own, by short host name) or lost (Slurm's node names).</summary>
    private List<string> BrokenNodes(IReadOnlyList<PilotView> pilots)
    {
        var since = time.GetUtcNow() - options.Value.AvoidBrokenNodesFor;
        var broken = pilots.Where(p => p.NodeBroken && p.LastHeartbeat >= since).Select(p => p.Hostname.Split('.')[0]);
        var lost = pilots.Where(p => p.LastHeartbeat >= since).SelectMany(p => p.LostNodes);
        return [.. broken.Concat(lost).Distinct().Order(StringComparer.Ordinal)];
    }

    private async Task<bool> SubmitAsync(ProvisionedQueueOptions queue, int nodes, IReadOnlyList<string> avoid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await Leadership.StillLeadsAsync(cancellationToken))
        {
            return false;
        }

        try
        {
            var template = queue.Template is { Length: > 0 } path ? await File.ReadAllTextAsync(path, cancellationToken) : null;
            var jobId = await PilotJobSubmitter.SubmitAsync(slurm, PilotJobScript.Render(BatchJob(queue, nodes, avoid), template), cancellationToken);
            provisioned.Add(View(queue, jobId, now));
            Log.PilotJobSubmitted(logger, jobId, queue.Queue);
            return true;
        }
        catch (Exception e) when (e is SlurmException or IOException or FormatException or InvalidOperationException)
        {
            _pausedUntil[queue.Queue] = now + options.Value.Interval * RefusalPause;
            provisioned.Add(new ProvisionedPilotView { Queue = queue.Queue, State = ProvisionedPilots.Failed, Reason = e.Message, SubmittedAt = now });
            Log.PilotJobRefused(logger, queue.Queue, e.Message, (options.Value.Interval * RefusalPause).TotalSeconds);
            return false;
        }
    }

    private async Task GuardAsync(string scope, Func<Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Slurm or the store down for a moment must not stop the server: the next interval tries again.
            Log.SlurmUnavailable(logger, scope, e.Message);
        }
    }

    private static PilotBatchJob BatchJob(ProvisionedQueueOptions queue, int nodes, IReadOnlyList<string> avoid) => new()
    {
        JobName = JobName(queue),
        Partition = queue.Partition,
        Account = queue.Account,
        Time = queue.Time,
        Nodes = nodes,
        Cores = queue.Cores,
        MemoryMb = queue.MemoryMb,
        Gpus = queue.Gpus,
        SignalLead = queue.SignalLead,
        Server = queue.ServerUrl,
        TokenFile = queue.TokenFile,
        PilotCommand = queue.PilotCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Output = queue.Output,
        AgentArguments = ["--queue", queue.Queue, .. queue.AgentArguments],
        ExtraOptions = avoid.Count > 0 ? [$"--exclude={string.Join(',', avoid)}"] : [],
    };

    private static string JobName(ProvisionedQueueOptions queue) => $"pilot-{queue.Queue}";

    private static ProvisionedPilotView View(ProvisionedQueueOptions queue, string jobId, DateTimeOffset at) =>
        new() { BatchJobId = jobId, Queue = queue.Queue, State = ProvisionedPilots.Pending, SubmittedAt = at };

    private static string StateOf(SlurmJobStatus status, bool registered) => status switch
    {
        { IsPending: true } => ProvisionedPilots.Pending,
        { IsRunning: true } => ProvisionedPilots.Running,
        { Succeeded: true } when registered => ProvisionedPilots.Finished,
        _ => ProvisionedPilots.Failed,
    };

    private static string? ReasonOf(SlurmJobStatus status, bool registered) =>
        status.IsFinished && !registered
            ? $"ended without registering (Slurm: {status.State}{(status.Reason.Length > 0 ? ", " + status.Reason : "")})"
            : status.Reason is { Length: > 0 } reason ? reason : null;
}
