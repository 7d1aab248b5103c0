using Refit;

namespace Pilot.Contracts;

/// <summary>The server's REST API, version 1. The server's endpoints and every client compile against this one contract.</summary>
public interface IPilotApi
{
    public const string Prefix = ApiRoutes.Prefix;

    [Post(Prefix + ApiRoutes.Jobs)]
    Task<JobView> SubmitAsync([Body] JobSpec spec, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.Jobs)]
    Task<JobPage> ListJobsAsync(string? state = null, int? limit = null, long? before = null, string? group = null, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.Job)]
    Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The statuses of many jobs in one request, for workflow engines polling thousands of jobs.</summary>
    [Post(Prefix + ApiRoutes.JobStates)]
    Task<JobStatuses> GetStatusesAsync([Body] JobStatusQuery query, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.JobAttempts)]
    Task<IReadOnlyList<AttemptView>> GetAttemptsAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The log of the job's latest attempt from <paramref name="offset"/> bytes on.</summary>
    [Get(Prefix + ApiRoutes.JobLog)]
    Task<HttpResponseMessage> GetLogAsync(long id, long? offset = null, CancellationToken cancellationToken = default);

    /// <summary>Where an interactive job is opened in the browser, and whether its service answers yet.</summary>
    [Get(Prefix + ApiRoutes.JobInteractive)]
    Task<InteractiveView> GetInteractiveAsync(long id, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.JobCancel)]
    Task<JobView> CancelAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Cancels with a soft kill: a running payload is signalled and given <paramref name="graceSeconds"/> before it is killed.</summary>
    [Post(Prefix + ApiRoutes.JobCancel)]
    Task<JobView> CancelGracefullyAsync(long id, [AliasAs(ApiRoutes.Query.GraceSeconds)] int graceSeconds, CancellationToken cancellationToken = default);

    /// <summary>Queues every job of the batch in one transaction, in one group.</summary>
    [Post(Prefix + ApiRoutes.JobBatch)]
    Task<BatchSubmitted> SubmitBatchAsync([Body] JobBatch batch, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.Group)]
    Task<GroupView> GetGroupAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>The group's entries by index with their current job, optionally only those in <paramref name="state"/>.</summary>
    [Get(Prefix + ApiRoutes.GroupEntries)]
    Task<GroupEntryPage> ListGroupEntriesAsync(string group, string? state = null, int? limit = null, long? after = null, CancellationToken cancellationToken = default);

    /// <summary>Submits again the entries whose job ended in one of the given states.</summary>
    [Post(Prefix + ApiRoutes.GroupResubmit)]
    Task<BatchSubmitted> ResubmitAsync(string group, [Body] Resubmission resubmission, CancellationToken cancellationToken = default);

    /// <summary>Cancels every job of the group that has not ended yet.</summary>
    [Post(Prefix + ApiRoutes.GroupCancel)]
    Task<GroupView> CancelGroupAsync(string group, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.Pilots)]
    Task<PilotRegistered> RegisterAsync([Body] PilotRegistration registration, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.Pilots)]
    Task<IReadOnlyList<PilotView>> ListPilotsAsync(CancellationToken cancellationToken = default);

    /// <summary>Tells a pilot, in its next heartbeat's answer, to take no more work, finish what runs and leave.</summary>
    [Post(Prefix + ApiRoutes.PilotDrain)]
    Task<PilotView> DrainPilotAsync(string pilotId, CancellationToken cancellationToken = default);

    /// <summary>Tells a pilot, in its next heartbeat's answer, to evict what runs (requeued) and leave.</summary>
    [Post(Prefix + ApiRoutes.PilotShutdown)]
    Task<PilotView> ShutdownPilotAsync(string pilotId, CancellationToken cancellationToken = default);

    /// <summary>Pilot batch jobs the provisioner submitted, with their Slurm state.</summary>
    [Get(Prefix + ApiRoutes.Provisioned)]
    Task<IReadOnlyList<ProvisionedPilotView>> ListProvisionedAsync(CancellationToken cancellationToken = default);

    /// <summary>The pilot leaves, saying why; <paramref name="nodeBroken"/> when it judged its node broken.</summary>
    [Delete(Prefix + ApiRoutes.Pilot)]
    Task DeregisterAsync(string pilotId, [Query] string? reason = null, [Query, AliasAs(ApiRoutes.Query.NodeBroken)] bool nodeBroken = false, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.PilotHeartbeat)]
    Task<HeartbeatResponse> HeartbeatAsync(string pilotId, [Body] Heartbeat heartbeat, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.PilotLease)]
    Task<LeaseResponse> LeaseAsync(string pilotId, [Body] LeaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reports, heartbeat and lease request in one call; a retry with the same sequence number gets the same answer.</summary>
    [Post(Prefix + ApiRoutes.PilotWork)]
    Task<WorkResponse> ExchangeAsync(string pilotId, [Body] WorkRequest request, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.LeaseReport)]
    Task ReportAsync(string leaseId, [Body] AttemptReport report, CancellationToken cancellationToken = default);

    /// <summary>Appends a chunk of the attempt's log at <paramref name="offset"/>; a chunk already stored is ignored.</summary>
    [Post(Prefix + ApiRoutes.LeaseLog)]
    Task AppendLogAsync(string leaseId, long token, long offset, [Body] Stream chunk, CancellationToken cancellationToken = default);

    [Post(Prefix + ApiRoutes.Tokens)]
    Task<TokenCreated> CreateTokenAsync([Body] TokenRequest request, CancellationToken cancellationToken = default);

    [Get(Prefix + ApiRoutes.Tokens)]
    Task<IReadOnlyList<TokenView>> ListTokensAsync(CancellationToken cancellationToken = default);

    [Delete(Prefix + ApiRoutes.Token)]
    Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default);
}
