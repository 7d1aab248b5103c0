using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Pilot.Contracts;
using Pilot.Core.Specs;
using Pilot.Server.Logs;
using Pilot.Server.Monitoring;
using Pilot.Server.Queue;
using Pilot.Server.Security;
using Pilot.Server.Storage;
using Pilot.Server.Submission;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Pilot.Server.Endpoints;

/// <summary>Users' side of the queue: submit, look, cancel, read logs.</summary>
internal static class JobEndpoints
{
    public const int MaxPageSize = 500;

    /// <summary>A job spec is a command line and some settings; anything near this size is a mistake (a data file sent as a spec).</summary>
    public const long MaxSpecBytes = 1024 * 1024;

    public const string IdempotencyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 200;

    public static void MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup(string.Empty).RequireAuthorization(AccessPolicy.User);
        jobs.MapPost(ApiRoutes.Jobs, SubmitAsync).Accepts<JobSpec>("application/json", "application/yaml");
        jobs.MapPost(ApiRoutes.JobBatch, SubmitBatchAsync);
        jobs.MapGet(ApiRoutes.Jobs, ListAsync);
        jobs.MapGet(ApiRoutes.Job, GetAsync);
        jobs.MapPost(ApiRoutes.JobStates, GetStatusesAsync);
        jobs.MapGet(ApiRoutes.JobAttempts, (long id, Caller caller, IJobStore store, CancellationToken ct) => store.GetAttemptsAsync(id, caller.Owner, ct));
        jobs.MapGet(ApiRoutes.JobLog, ReadLogAsync);
        jobs.MapPost(ApiRoutes.JobCancel, (long id, [FromQuery(Name = ApiRoutes.Query.GraceSeconds)] int? graceSeconds, Caller caller, IJobStore store, CancellationToken ct) =>
            store.CancelAsync(id, caller.Owner, Grace(graceSeconds), ct));
        jobs.MapGet(ApiRoutes.Group, (string group, Caller caller, IJobStore store, CancellationToken ct) => store.GetGroupAsync(group, caller.Owner, ct));
        jobs.MapGet(ApiRoutes.GroupEntries, ListEntriesAsync);
        jobs.MapPost(ApiRoutes.GroupCancel, (string group, Caller caller, IJobStore store, CancellationToken ct) => store.CancelGroupAsync(group, caller.Owner, ct));
        jobs.MapPost(ApiRoutes.GroupResubmit, ResubmitAsync);
    }

    private static int? Grace(int? seconds) => seconds is null or (>= 0 and <= 86_400)
        ? seconds
        : throw new BadHttpRequestException("grace_seconds must be between 0 and 86400 (one day)");

    /// <summary>201 with the new job; 200 with the earlier one when the idempotency key was seen before.</summary>
    private static async Task<Results<Created<JobView>, Ok<JobView>>> SubmitAsync(
        HttpRequest request, Caller caller, IJobStore store, JobSpecValidator validator, ServerMetrics metrics, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxSpecBytes;
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var spec = JobSpecReader.Read(text, JobSpecReader.FormatOf(request.ContentType ?? "application/json"));
        validator.ThrowIfInvalid(spec);
        var key = IdempotencyKey(request, spec.IdempotencyKey);
        var submission = await store.SubmitAsync(spec, caller.Name, key, ct);
        if (!submission.Created)
        {
            return TypedResults.Ok(submission.Job);
        }

        metrics.JobSubmitted(submission.Job);
        return TypedResults.Created($"{ApiRoutes.Prefix}{ApiRoutes.Jobs}/{submission.Job.Id}", submission.Job);
    }

    /// <summary>201 with the batch's group when this request queued it; 200 when an earlier one with the same idempotency key did.</summary>
    private static async Task<Results<Created<BatchSubmitted>, Ok<BatchSubmitted>>> SubmitBatchAsync(
        HttpRequest request, JobBatch batch, Caller caller, IJobStore store, JobSpecValidator validator, ServerMetrics metrics, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var key = IdempotencyKey(request, batch.IdempotencyKey);
        var plan = BatchPlan.Of(batch with { IdempotencyKey = key }, validator, options.Value.MaxJobsPerBatch);
        var submitted = await store.SubmitBatchAsync(plan, caller.Name, ct);
        if (!submitted.Created)
        {
            return TypedResults.Ok(submitted);
        }

        metrics.JobsSubmitted(submitted.Count);
        return TypedResults.Created($"{ApiRoutes.Prefix}/groups/{Uri.EscapeDataString(submitted.Group)}", submitted);
    }

    private static Task<GroupEntryPage> ListEntriesAsync(
        string group, [FromQuery(Name = ApiRoutes.Query.State)] string? state, [FromQuery(Name = ApiRoutes.Query.Limit)] int? limit,
        [FromQuery(Name = ApiRoutes.Query.After)] long? after, Caller caller, IJobStore store, CancellationToken ct) =>
        store.ListGroupEntriesAsync(group, caller.Owner, ParseState(state), PageSize(limit, SqlJobStore.MaxEntriesPage), after, ct);

    private static async Task<BatchSubmitted> ResubmitAsync(string group, Resubmission resubmission, Caller caller, IJobStore store, ServerMetrics metrics, CancellationToken ct)
    {
        if (resubmission.States.Count == 0 || resubmission.States.Any(s => s is JobState.Waiting or JobState.Queued or JobState.Running))
        {
            throw new BadHttpRequestException("resubmit takes ended states only (failed, cancelled, succeeded): a job still waiting, queued or running has not ended");
        }

        await store.GetGroupAsync(group, caller.Owner, ct);
        var submitted = await store.ResubmitAsync(group, caller.Owner, resubmission.States, ct);
        metrics.JobsSubmitted(submitted.Count);
        return submitted;
    }

    private static string? IdempotencyKey(HttpRequest request, string? fromBody)
    {
        var key = request.Headers[IdempotencyHeader].FirstOrDefault() ?? fromBody;
        return key is { Length: 0 or > MaxIdempotencyKeyLength }
            ? throw new BadHttpRequestException($"an idempotency key must be 1 to {MaxIdempotencyKeyLength} characters, e.g. a UUID")
            : key;
    }

    private static async Task<JobView> GetAsync(long id, Caller caller, IJobStore store, CancellationToken ct)
    {
        var job = await store.GetJobAsync(id, caller.Owner, ct);
        return job.State == JobState.Queued ? WaitingReason.Explain(job, await store.ListPilotsAsync(ct)) : job;
    }

    private static Task<JobStatuses> GetStatusesAsync(JobStatusQuery query, Caller caller, IJobStore store, CancellationToken ct) =>
        query.Ids.Count <= JobStatusQuery.MaxIds
            ? store.GetStatusesAsync(query.Ids, caller.Owner, ct)
            : throw new BadHttpRequestException($"{query.Ids.Count} ids in one request; ask for at most {JobStatusQuery.MaxIds} at a time");

    private static Task<JobPage> ListAsync(
        Caller caller, IJobStore store, [FromQuery(Name = ApiRoutes.Query.State)] string? state, [FromQuery(Name = ApiRoutes.Query.Limit)] int? limit,
        [FromQuery(Name = ApiRoutes.Query.Before)] long? before, [FromQuery(Name = ApiRoutes.Query.Group)] string? group, CancellationToken ct) =>
        store.ListJobsAsync(caller.Owner, ParseState(state), PageSize(limit, MaxPageSize), before, group, ct);

    private static JobState? ParseState(string? state) => state switch
    {
        null => null,
        _ when StoredEnum.TryParse<JobState>(state, out var parsed) => parsed,
        _ => throw new BadHttpRequestException($"state '{state}' is not one of: {string.Join(", ", Enum.GetValues<JobState>().Select(StoredEnum.Text))}"),
    };

    private static int PageSize(int? limit, int max)
    {
        var size = limit ?? 50;
        return size >= 1 && size <= max ? size : throw new BadHttpRequestException($"limit must be between 1 and {max}");
    }

    private static async Task<IResult> ReadLogAsync(long id, [FromQuery(Name = ApiRoutes.Query.Offset)] long? offset, Caller caller, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var attempt = await store.GetLatestAttemptAsync(id, caller.Owner, ct);
        var stream = attempt is { } number ? await logs.OpenReadAsync(id, number, offset ?? 0, ct) : null;
        if (stream is null)
        {
            return TypedResults.Text(string.Empty, "text/plain");
        }

        // Pushed rather than returned as a stream: the file grows while the payload runs, so its length is not known.
        return TypedResults.Stream(
            async body =>
            {
                await using (stream)
                {
                    await stream.CopyToAsync(body, ct);
                }
            },
            "text/plain");
    }
}
