using Pilot.Cli.Commands;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Demo;

/// <summary>The demo's submitted jobs, watched live until each has ended.</summary>
internal sealed class DemoRun(IReadOnlyList<(long Id, DemoJob Job)> jobs)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    public IReadOnlyList<(long Id, DemoJob Job)> Jobs => jobs;

    public static async Task<DemoRun> SubmitAsync(IPilotApi api, CancellationToken cancellationToken)
    {
        var submitted = new List<(long, DemoJob)>();
        foreach (var job in DemoJobs.All)
        {
            var view = await api.SubmitAsync(job.Spec, cancellationToken);
            submitted.Add((view.Id, job));
        }

        Console.WriteLine($"Submitted {submitted.Count} demo jobs");
        return new DemoRun(submitted);
    }

    public async Task<IReadOnlyList<JobView>> WatchAsync(IPilotApi api, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("ID", "NAME", "STATE", "EXIT");
        var current = await PollAsync(api, cancellationToken);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await WatchPlainAsync(api, current, cancellationToken);
        }

        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (true)
            {
                table.Rows.Clear();
                foreach (var job in current)
                {
                    table.AddRow(job.Id.ToString(), Markup.Escape(job.Name), Printer.StateMarkup(job.State), job.ExitCode?.ToString() ?? "");
                }

                context.Refresh();
                if (current.All(j => JobWatcher.HasEnded(j)))
                {
                    return;
                }

                await Task.Delay(RefreshInterval, TimeProvider.System, cancellationToken);
                current = await PollAsync(api, cancellationToken);
            }
        });
        return current;
    }

    private async Task<IReadOnlyList<JobView>> WatchPlainAsync(IPilotApi api, IReadOnlyList<JobView> current, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<long, JobState>();
        while (true)
        {
            foreach (var job in current.Where(j => !seen.TryGetValue(j.Id, out var state) || state != j.State))
            {
                Console.WriteLine($"  job {job.Id,3} {job.Name,-18} {job.State.ToString().ToLowerInvariant()}");
                seen[job.Id] = job.State;
            }

            if (current.All(j => JobWatcher.HasEnded(j)))
            {
                return current;
            }

            await Task.Delay(RefreshInterval, TimeProvider.System, cancellationToken);
            current = await PollAsync(api, cancellationToken);
        }
    }

    /// <summary>Reads every job, and cancels the ones the demo cancels as soon as they run.</summary>
    private async Task<IReadOnlyList<JobView>> PollAsync(IPilotApi api, CancellationToken cancellationToken)
    {
        var views = new List<JobView>();
        foreach (var (id, job) in jobs)
        {
            var view = await api.GetJobAsync(id, cancellationToken);
            if (job.CancelWhenRunning && view.State == JobState.Running)
            {
                view = await api.CancelAsync(id, cancellationToken);
            }

            views.Add(view);
        }

        return views;
    }
}
