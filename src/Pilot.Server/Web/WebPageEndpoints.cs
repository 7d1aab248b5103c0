using System.Text;
using Pilot.Contracts;
using Pilot.Server.Endpoints;
using Pilot.Server.Logs;
using Pilot.Server.Monitoring;
using Pilot.Server.Security;
using Pilot.Server.Storage;

namespace Pilot.Server.Web;

/// <summary>
/// The read-only web page at <c>/ui</c> and the data it reads under <c>/ui/data</c>. The page's data lives apart
/// from <c>/api/v1</c> so a site can open it to operators without handing out API tokens.
/// </summary>
internal static class WebPageEndpoints
{
    public const string Path = "/ui";

    /// <summary>The page shows at most this much of a log at once; it follows the rest as it grows.</summary>
    private const int LogWindowBytes = 64 * 1024;

    /// <summary>Bounds the work of a filtered listing: owner and group are matched over this many newest jobs.</summary>
    private const int MaxScannedJobs = 5 * JobEndpoints.MaxPageSize;

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(WebPageEndpoints).Assembly.GetManifestResourceStream("Pilot.Server.Web.dashboard.html")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static void MapWebPage(this IEndpointRouteBuilder app, WebPageAccess access)
    {
        app.MapGet("/", () => TypedResults.Redirect(Path)).ExcludeFromDescription().AllowAnonymous();
        app.MapGet(Path, () => TypedResults.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        var data = app.MapGroup(Path + "/data").ExcludeFromDescription();
        _ = access == WebPageAccess.Token ? data.RequireAuthorization(AccessPolicy.User) : data.AllowAnonymous();
        data.MapGet("/jobs", ListJobsAsync);
        data.MapGet("/jobs/{id:long}", async (long id, HttpContext context, IJobStore store, CancellationToken ct) =>
            new JobDetail(await store.GetJobAsync(id, Viewer(context), ct), await store.GetAttemptsAsync(id, Viewer(context), ct)));
        data.MapGet("/jobs/{id:long}/log", ReadLogAsync);
        data.MapGet("/pilots", ListPilotsAsync);
        data.MapGet("/queue-depth", (QueueDepthHistory history, CancellationToken ct) => history.SamplesAsync(ct));
    }

    /// <summary>Whose jobs the reader may see: a token's owner when the page needs tokens, everyone's when it is open.</summary>
    private static string? Viewer(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? Caller.From(context.User).Owner : null;

    private static async Task<IReadOnlyList<JobView>> ListJobsAsync(
        HttpContext context, IJobStore store, string? state, string? owner, string? group, int? limit, CancellationToken ct)
    {
        JobState? filter = null;
        if (!string.IsNullOrEmpty(state))
        {
            filter = StoredEnum.TryParse<JobState>(state, out var parsed)
                ? parsed
                : throw new BadHttpRequestException($"state '{state}' is not one of: {string.Join(", ", Enum.GetValues<JobState>().Select(StoredEnum.Text))}");
        }

        var wanted = Math.Clamp(limit ?? 100, 1, JobEndpoints.MaxPageSize);
        var match = new JobFilter(owner, group);
        var found = new List<JobView>();
        long? before = null;
        for (var scanned = 0; scanned < MaxScannedJobs && found.Count < wanted; scanned += JobEndpoints.MaxPageSize)
        {
            var page = await store.ListJobsAsync(Viewer(context), filter, match.IsEmpty ? wanted : JobEndpoints.MaxPageSize, before, null, ct);
            found.AddRange(page.Jobs.Where(match.Matches));
            if (page.NextBefore is not { } next || match.IsEmpty)
            {
                break;
            }

            before = next;
        }

        return found.Take(wanted).ToList();
    }

    private static async Task<IReadOnlyList<PilotPanel>> ListPilotsAsync(IJobStore store, PilotSummaries summaries, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var pilots = await store.ListPilotsAsync(ct);
        return pilots.Select(pilot =>
        {
            var summary = pilot.State is "active" or "draining" ? summaries.Find(pilot.Id) : null;
            var left = summary?.WalltimeLeftSeconds(now) ?? (pilot.WalltimeEnd is { } end ? Math.Max(0, (end - now).TotalSeconds) : null);
            return new PilotPanel(pilot, left, summary?.Heartbeat.RunningPayloads, summary is null ? null : (now - summary.ReceivedAt).TotalSeconds);
        }).ToList();
    }

    private static async Task<LogWindow> ReadLogAsync(long id, long? offset, HttpContext context, IJobStore store, LogStore logs, CancellationToken ct)
    {
        var attempt = await store.GetLatestAttemptAsync(id, Viewer(context), ct);
        await using var stream = attempt is { } number ? await logs.OpenReadAsync(id, number, 0, ct) : null;
        if (stream is null)
        {
            return new LogWindow(string.Empty, 0, 0, false);
        }

        var length = stream.Length;
        var start = Math.Min(offset ?? Math.Max(0, length - LogWindowBytes), length);
        stream.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Min(LogWindowBytes, length - start)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return new LogWindow(text, start, start + read, text.Contains(LogTruncation.Prefix, StringComparison.Ordinal));
    }
}
