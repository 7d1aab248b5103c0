using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot group ID</c>: how far a group of jobs (a sweep) has got, and its jobs.</summary>
internal static class GroupCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("group") { Description = "group id, as 'pilot submit --sweep' printed it" };
        var command = new Command("group", "Show a group of jobs (a sweep): jobs per state, then the jobs") { id };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var group = await server.Api.GetGroupAsync(parse.GetValue(id)!, cancellationToken);
            var jobs = await server.Api.ListJobsAsync(limit: 500, group: group.Group, cancellationToken: cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(new { group, jobs = jobs.Jobs });
                return 0;
            }

            Console.WriteLine(Summary(group));
            Printer.Jobs(jobs.Jobs);
            return 0;
        }));
        return command;
    }

    public static string Summary(GroupView group) =>
        $"group {group.Group}: {group.Total} jobs, "
        + string.Join(", ", group.States.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key.ToString().ToLowerInvariant()}"))
        + (group.Ended ? " (ended)" : "");

    /// <summary>Waits for every job of the group to end; exit code 0 only when all succeeded.</summary>
    public static async Task<int> WaitAsync(IPilotApi api, string group, TimeProvider time, CancellationToken cancellationToken)
    {
        string? shown = null;
        while (true)
        {
            var view = await api.GetGroupAsync(group, cancellationToken);
            var summary = Summary(view);
            if (summary != shown)
            {
                Console.WriteLine(summary);
                shown = summary;
            }

            if (view.Ended)
            {
                return view.States.GetValueOrDefault(JobState.Succeeded) == view.Total ? 0 : 1;
            }

            await Task.Delay(JobWatcher.PollInterval, time, cancellationToken);
        }
    }
}
