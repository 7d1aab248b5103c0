using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Pilot.Contracts;
using Pilot.Core.Specs;
using Pilot.Server.Logs;
using Pilot.Server.Monitoring;
using Pilot.Server.Queue;
using Pilot.Server.Security;
using Pilot.Server.Storage;

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
        var jobs = api.MapGroup("/jobs").RequireAuthorization(AccessPolicy.User);
        jobs.MapPost(string.Empty, SubmitAsync).Accepts<JobSpec>("application/json", "application/yaml");
        jobs.MapGet(string.Empty, ListAsync);
        jobs.MapGet("/{id:long}", GetAsync);
        jobs.MapPost("/states", GetStatusesAsync);
        jobs.MapGet("/{id:long}/attempts", (long id, Caller caller, IJobStore store, CancellationToken ct) => store.GetAttemptsAsync(id, caller.Owner, ct));
        jobs.MapGet("/{id:long}/log", ReadLogAsync);
        jobs.MapPost("/{id:long}/cancel", (long id, int? grace_seconds, Caller caller, IJobStore store, CancellationToken ct) =>
            store.CancelAsync(id, caller.Owner, Grace(grace_seconds), ct));
        var groups = api.MapGroup("/groups").RequireAuthorization(AccessPolicy.User);
        groups.MapGet("/{group}", (string group, Caller caller, IJobStore store, CancellationToken ct) => store.GetGroupAsync(group, caller.Owner, ct));
        groups.MapPost("/{group}/cancel", (string group, Caller caller, IJobStore store, CancellationToken ct) => store.CancelGroupAsync(group, caller.Owner, ct));
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
        var key = request.Headers[IdempotencyHeader].FirstOrDefault() ?? spec.IdempotencyKey;
        if (key is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            throw new BadHttpRequestException($"an idempotency key must be 1 to {MaxIdempotencyKeyLength} characters, e.g. a UUID");
        }

        var submission = await store.SubmitAsync(spec, caller.Name, key, ct);
        if (!submission.Created)
        {
            return TypedResults.Ok(submission.Job);
        }

        metrics.JobSubmitted(submission.Job);
        return TypedResults.Created($"{IPilotApi.Prefix}/jobs/{submission.Job.Id}", submission.Job);
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

    private static Task<JobPage> ListAsync(Caller caller, IJobStore store, string? state, int? limit, long? before, string? group, CancellationToken ct)
    {
        JobState? filter = null;
        if (state is not null)
        {
            filter = StoredEnum.TryParse<JobState>(state, out var parsed)
                ? parsed
                : throw new BadHttpRequestException($"state '{state}' is not one of: {string.Join(", ", Enum.GetValues<JobState>().Select(StoredEnum.Text))}");
        }

        var size = limit ?? 50;
        if (size is < 1 or > MaxPageSize)
        {
            throw new BadHttpRequestException($"limit must be between 1 and {MaxPageSize}");
        }

        return store.ListJobsAsync(caller.Owner, filter, size, before, group, ct);
    }

    private static async Task<IResult> ReadLogAsync(long id, long? offset, Caller caller, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var attempt = await store.GetLatestAttemptAsync(id, caller.Owner, ct);
        var stream = attempt is { } number ? logs.OpenRead(id, number, offset ?? 0) : null;
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
