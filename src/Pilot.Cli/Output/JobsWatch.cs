using System.Text.Json;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Output;

/// <summary>
/// <c>pilot jobs --watch</c>: on a terminal a table redrawn in place; otherwise one line per job that appeared or
/// changed (JSON Lines with <c>--output json</c>). Runs until interrupted.
/// </summary>
internal static class JobsWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(Func<CancellationToken, Task<JobPage>> fetch, OutputFormat output, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            if (Terminal.IsInteractive(output))
            {
                await AnsiConsole.Live(Printer.JobTable([])).StartAsync(async live =>
                {
                    while (true)
                    {
                        var page = await fetch(cancellationToken);
                        live.UpdateTarget(new Rows(Printer.JobTable(page.Jobs), new Markup($"[grey]{time.GetLocalNow():HH:mm:ss} · every {Interval.TotalSeconds:0} s · Ctrl+C to stop[/]")));
                        await Task.Delay(Interval, time, cancellationToken);
                    }
                });
            }
            else
            {
                await PrintChangesAsync(fetch, output, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how a watch ends.
        }
    }

    private static async Task PrintChangesAsync(Func<CancellationToken, Task<JobPage>> fetch, OutputFormat output, TimeProvider time, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<long, (JobState, int)>();
        while (true)
        {
            var page = await fetch(cancellationToken);
            foreach (var job in page.Jobs.Reverse())
            {
                var key = (job.State, job.Attempts);
                if (seen.TryGetValue(job.Id, out var last) && last == key)
                {
                    continue;
                }

                seen[job.Id] = key;
                Console.WriteLine(output == OutputFormat.Json
                    ? JsonSerializer.Serialize(job, PilotJson.Options)
                    : $"{time.GetLocalNow():HH:mm:ss} {JobProgress.Describe(job, (job.FinishedAt ?? time.GetUtcNow()) - job.SubmittedAt)}");
            }

            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}
