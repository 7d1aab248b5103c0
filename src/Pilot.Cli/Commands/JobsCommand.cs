using System.CommandLine;
using Pilot.Cli.Output;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot jobs</c>: the newest jobs, optionally of one state.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state") { Description = "waiting, queued, running, succeeded, failed or cancelled" };
        var limit = new Option<int>("--limit", "-n") { Description = "how many jobs (1..500)", DefaultValueFactory = _ => 50 };
        var before = new Option<long?>("--before") { Description = "only jobs with a smaller id (next page)" };
        var group = new Option<string?>("--group") { Description = "only the jobs of this group (a sweep)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "keep showing the jobs as they change, until Ctrl+C (plain lines when not on a terminal)" };
        var command = new Command("jobs", "List jobs, newest first") { state, limit, before, group, watch };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            if (parse.GetValue(watch))
            {
                await JobsWatch.RunAsync(
                    ct => server.Api.ListJobsAsync(parse.GetValue(state), parse.GetValue(limit), parse.GetValue(before), parse.GetValue(group), ct),
                    parse.GetValue(GlobalOptions.Output),
                    TimeProvider.System,
                    cancellationToken);
                return 0;
            }

            var page = await server.Api.ListJobsAsync(parse.GetValue(state), parse.GetValue(limit), parse.GetValue(before), parse.GetValue(group), cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(page);
            }
            else
            {
                Printer.Jobs(page.Jobs, server.Address);
                if (page.NextBefore is { } next)
                {
                    Console.WriteLine($"more: pilot jobs --before {next}");
                }
            }

            return 0;
        }));
        return command;
    }
}
