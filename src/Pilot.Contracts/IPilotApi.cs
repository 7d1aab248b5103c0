using Refit;

namespace Pilot.Contracts;

/// <summary>The server's REST API, version 1. The server's endpoints and every client compile against this one contract.</summary>
public interface IPilotApi
{
    public const string Prefix = "/api/v1";

    [Post(Prefix + "/jobs")]
    Task<JobView> SubmitAsync([Body] JobSpec spec, CancellationToken cancellationToken = default);

    [Get(Prefix + "/jobs")]
    Task<JobPage> ListJobsAsync(string? state = null, int? limit = null, long? before = null, string? group = null, CancellationToken cancellationToken = default);

    [Get(Prefix + "/jobs/{id}")]
    Task<JobView> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The statuses of many jobs in one request, for workflow engines polling thousands of jobs.</summary>
    [Post(Prefix + "/jobs/states")]
    Task<JobStatuses> GetStatusesAsync([Body] JobStatusQuery query, CancellationToken cancellationToken = default);

    [Get(Prefix + "/jobs/{id}/attempts")]
    Task<IReadOnlyList<AttemptView>> GetAttemptsAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The log of the job's latest attempt from <paramref name="offset"/> bytes on.</summary>
    [Get(Prefix + "/jobs/{id}/log")]
    Task<HttpResponseMessage> GetLogAsync(long id, long? offset = null, CancellationToken cancellationToken = default);

    /// <summary>Where an interactive job is opened in the browser, and whether its service answers yet.</summary>
    [Get(Prefix + "/jobs/{id}/interactive")]
    Task<InteractiveView> GetInteractiveAsync(long id, CancellationToken cancellationToken = default);

    [Post(Prefix + "/jobs/{id}/cancel")]
    Task<JobView> CancelAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Cancels with a soft kill: a running payload is signalled and given <paramref name="graceSeconds"/> before it is killed.</summary>
    [Post(Prefix + "/jobs/{id}/cancel")]
    Task<JobView> CancelGracefullyAsync(long id, [AliasAs("grace_seconds")] int graceSeconds, CancellationToken cancellationToken = default);

    [Get(Prefix + "/groups/{group}")]
    Task<GroupView> GetGroupAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>Cancels every job of the group that has not ended yet.</summary>
    [Post(Prefix + "/groups/{group}/cancel")]
    Task<GroupView> CancelGroupAsync(string group, CancellationToken cancellationToken = default);

    [Post(Prefix + "/pilots")]
    Task<PilotRegistered> RegisterAsync([Body] PilotRegistration registration, CancellationToken cancellationToken = default);

    [Get(Prefix + "/pilots")]
    Task<IReadOnlyList<PilotView>> ListPilotsAsync(CancellationToken cancellationToken = default);

    /// <summary>Tells a pilot, in its next heartbeat's answer, to take no more work, finish what runs and leave.</summary>
    [Post(Prefix + "/pilots/{pilotId}/drain")]
    Task<PilotView> DrainPilotAsync(string pilotId, CancellationToken cancellationToken = default);

    /// <summary>Tells a pilot, in its next heartbeat's answer, to evict what runs (requeued) and leave.</summary>
    [Post(Prefix + "/pilots/{pilotId}/shutdown")]
    Task<PilotView> ShutdownPilotAsync(string pilotId, CancellationToken cancellationToken = default);

    /// <summary>Pilot batch jobs the provisioner submitted, with their Slurm state.</summary>
    [Get(Prefix + "/provisioned")]
    Task<IReadOnlyList<ProvisionedPilotView>> ListProvisionedAsync(CancellationToken cancellationToken = default);

    /// <summary>The pilot leaves, saying why; <paramref name="nodeBroken"/> when it judged its node broken.</summary>
    [Delete(Prefix + "/pilots/{pilotId}")]
    Task DeregisterAsync(string pilotId, [Query] string? reason = null, [Query, AliasAs("node_broken")] bool nodeBroken = false, CancellationToken cancellationToken = default);

    [Post(Prefix + "/pilots/{pilotId}/heartbeat")]
    Task<HeartbeatResponse> HeartbeatAsync(string pilotId, [Body] Heartbeat heartbeat, CancellationToken cancellationToken = default);

    [Post(Prefix + "/pilots/{pilotId}/lease")]
    Task<LeaseResponse> LeaseAsync(string pilotId, [Body] LeaseRequest request, CancellationToken cancellationToken = default);

    [Post(Prefix + "/leases/{leaseId}/report")]
    Task ReportAsync(string leaseId, [Body] AttemptReport report, CancellationToken cancellationToken = default);

    /// <summary>Appends a chunk of the attempt's log at <paramref name="offset"/>; a chunk already stored is ignored.</summary>
    [Post(Prefix + "/leases/{leaseId}/log")]
    Task AppendLogAsync(string leaseId, long token, long offset, [Body] Stream chunk, CancellationToken cancellationToken = default);

    [Post(Prefix + "/tokens")]
    Task<TokenCreated> CreateTokenAsync([Body] TokenRequest request, CancellationToken cancellationToken = default);

    [Get(Prefix + "/tokens")]
    Task<IReadOnlyList<TokenView>> ListTokensAsync(CancellationToken cancellationToken = default);

    [Delete(Prefix + "/tokens/{id}")]
    Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default);
}
