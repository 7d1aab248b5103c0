using Pilot.Cli.Commands;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Output;

/// <summary>
/// <c>pilot submit --wait</c>: a spinner line that follows the job on a terminal, one line per change on stderr
/// otherwise (logs, CI, <c>--output json</c>), so stdout keeps only the result.
/// </summary>
internal static class JobProgress
{
    public static async Task<JobView> FollowAsync(IPilotApi api, JobView job, OutputFormat output, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (!Terminal.IsInteractive(output))
        {
            return await JobWatcher.WaitForEndAsync(
                api,
                job.Id,
                (current, changed) =>
                {
                    if (changed)
                    {
                        Console.Error.WriteLine(Describe(current, time.GetElapsedTime(started)));
                    }
                },
                time,
                cancellationToken);
        }

        return await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(
            Markup.Escape(Describe(job, TimeSpan.Zero)),
            status => JobWatcher.WaitForEndAsync(api, job.Id, (current, _) => status.Status(Markup.Escape(Describe(current, time.GetElapsedTime(started)))), time, cancellationToken));
    }

    public static string Describe(JobView job, TimeSpan elapsed)
    {
        var where = job.State == JobState.Running && job.PilotId is { } pilot ? $" on {pilot}" : "";
        var attempt = job.Attempts > 1 ? $", attempt {job.Attempts}" : "";
        var reason = job.Reason is { Length: > 0 } text && job.State != JobState.Running ? $": {Printer.Shorten(text, 80)}" : "";
        return $"job {job.Id} ({job.Name}) {job.State.ToString().ToLowerInvariant()}{where}{attempt}{reason} [{Contracts.Duration.Format(elapsed)}]";
    }
}
