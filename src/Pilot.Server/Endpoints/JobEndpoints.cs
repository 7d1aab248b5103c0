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

    public static void MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").RequireAuthorization(AccessPolicy.User);
        jobs.MapPost(string.Empty, SubmitAsync).Accepts<JobSpec>("application/json", "application/yaml");
        jobs.MapGet(string.Empty, ListAsync);
        jobs.MapGet("/{id:long}", GetAsync);
        jobs.MapGet("/{id:long}/attempts", (long id, Caller caller, IJobStore store, CancellationToken ct) => store.GetAttemptsAsync(id, caller.Owner, ct));
        jobs.MapGet("/{id:long}/log", ReadLogAsync);
        jobs.MapPost("/{id:long}/cancel", (long id, Caller caller, IJobStore store, CancellationToken ct) => store.CancelAsync(id, caller.Owner, ct));
    }

    private static async Task<Created<JobView>> SubmitAsync(
        HttpRequest request, Caller caller, IJobStore store, JobSpecValidator validator, ServerMetrics metrics, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var spec = JobSpecReader.Read(text, JobSpecReader.FormatOf(request.ContentType ?? "application/json"));
        validator.ThrowIfInvalid(spec);
        var job = await store.SubmitAsync(spec, caller.Name, ct);
        metrics.JobSubmitted(job);
        return TypedResults.Created($"{IPilotApi.Prefix}/jobs/{job.Id}", job);
    }

    private static async Task<JobView> GetAsync(long id, Caller caller, IJobStore store, CancellationToken ct)
    {
        var job = await store.GetJobAsync(id, caller.Owner, ct);
        return job.State == JobState.Queued ? WaitingReason.Explain(job, await store.ListPilotsAsync(ct)) : job;
    }

    private static Task<JobPage> ListAsync(Caller caller, IJobStore store, string? state, int? limit, long? before, CancellationToken ct)
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

        return store.ListJobsAsync(caller.Owner, filter, size, before, ct);
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
