using Pilot.Contracts;
using Pilot.Server.Submission;

namespace Pilot.Server.Storage;

/// <summary>The queue's durable state: jobs, their attempts (leases) and the pilots that hold them.</summary>
internal interface IJobStore
{
    /// <summary>Queues a job (or holds it while the jobs it runs after have not ended); a repeated idempotency key returns the first job.</summary>
    Task<Submission> SubmitAsync(JobSpec spec, string owner, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Queues a whole batch in one transaction, in one group; a repeated idempotency key returns the first answer.</summary>
    Task<BatchSubmitted> SubmitBatchAsync(BatchPlan plan, string owner, CancellationToken cancellationToken);

    Task<GroupEntryPage> ListGroupEntriesAsync(string group, string? owner, JobState? state, int limit, long? after, CancellationToken cancellationToken);

    /// <summary>Submits again the group's entries whose job ended in one of <paramref name="states"/>.</summary>
    Task<BatchSubmitted> ResubmitAsync(string group, string? owner, IReadOnlyList<JobState> states, CancellationToken cancellationToken);

    Task SubmitManyAsync(IReadOnlyList<JobSpec> specs, string owner, CancellationToken cancellationToken);

    /// <summary>Methods that take an <c>owner</c> see only that owner's rows (null: all); another owner's row is "not found".</summary>
    Task<JobView> GetJobAsync(long id, string? owner, CancellationToken cancellationToken);

    /// <summary>The statuses of the jobs with these ids that the owner can see, in the order of <paramref name="ids"/>.</summary>
    Task<JobStatuses> GetStatusesAsync(IReadOnlyList<long> ids, string? owner, CancellationToken cancellationToken);

    Task<JobPage> ListJobsAsync(string? owner, JobState? state, int limit, long? before, string? group, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttemptView>> GetAttemptsAsync(long jobId, string? owner, CancellationToken cancellationToken);

    Task<JobView> CancelAsync(long id, string? owner, int? graceSeconds, CancellationToken cancellationToken);

    Task<GroupView> GetGroupAsync(string group, string? owner, CancellationToken cancellationToken);

    Task<GroupView> CancelGroupAsync(string group, string? owner, CancellationToken cancellationToken);

    Task<string> RegisterPilotAsync(PilotRegistration registration, string owner, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="order"/> for the active pilot until its next heartbeat; a later order replaces an undelivered one.</summary>
    Task<PilotView> OrderPilotAsync(string pilotId, PilotCommand order, CancellationToken cancellationToken);

    Task DeregisterPilotAsync(string pilotId, string? owner, string? reason, bool nodeBroken, CancellationToken cancellationToken);

    Task<IReadOnlyList<PilotView>> ListPilotsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<LeasedJob>> LeaseAsync(string pilotId, string? owner, LeaseRequest request, CancellationToken cancellationToken);

    Task<HeartbeatResponse> HeartbeatAsync(string pilotId, string? owner, Heartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>
    /// A pilot's exchange: its reports (each accepted or refused on its own), its heartbeat, then new leases, in one
    /// transaction; the answer is kept under the request's sequence number and given again to a retry.
    /// </summary>
    /// <returns>The answer, and whether it is one given before under the same sequence number (nothing new was applied or granted).</returns>
    Task<(WorkResponse Response, bool Replayed)> ExchangeAsync(string pilotId, string? owner, WorkRequest request, CancellationToken cancellationToken);

    /// <summary>Grants for an exchange that found no work and waits for some, if its answer has not been given to a retry meanwhile.</summary>
    Task<IReadOnlyList<LeasedJob>> GrantWaitingAsync(string pilotId, string? owner, long sequence, LeaseRequest request, CancellationToken cancellationToken);

    Task ReportAsync(string leaseId, string? owner, AttemptReport report, CancellationToken cancellationToken);

    /// <summary>The job and attempt number a lease belongs to, after checking it is still held with this token.</summary>
    Task<(long JobId, int Attempt)> GetActiveAttemptAsync(string leaseId, long fencingToken, string? owner, CancellationToken cancellationToken);

    /// <summary>The latest attempt number of a job, or null when it never ran.</summary>
    Task<int?> GetLatestAttemptAsync(long jobId, string? owner, CancellationToken cancellationToken);

    /// <summary>
    /// Gives every running lease and every live pilot a fresh TTL from now, after a time the server was not watching
    /// (down, restarting, paused): pilots could not heartbeat then, so it must not count against them. Returns how many leases.
    /// </summary>
    Task<int> ResumeLeasesAsync(CancellationToken cancellationToken);

    /// <summary>Ends the attempts whose pilots stopped renewing them; returns how many.</summary>
    Task<int> ExpireLeasesAsync(CancellationToken cancellationToken);
}
