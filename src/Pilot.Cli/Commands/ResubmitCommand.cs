using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot resubmit GROUP --failed</c>: runs again, as new jobs of the same group, the entries that did not succeed.</summary>
internal static class ResubmitCommand
{
    public static Command Create()
    {
        var group = new Argument<string>("group") { Description = "group id, as 'pilot submit --array' printed it" };
        var failed = new Option<bool>("--failed") { Description = "the entries whose job failed" };
        var states = new Option<string[]>("--state") { Description = "the entries whose job ended in this state (failed, cancelled, succeeded); repeat for several" };
        var command = new Command("resubmit", "Submit again the entries of a group that failed (or ended in a given state)") { group, failed, states };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var wanted = (parse.GetValue(states) ?? []).Select(ParseState).ToList();
            if (parse.GetValue(failed))
            {
                wanted.Add(JobState.Failed);
            }

            if (wanted.Count == 0)
            {
                throw new CliException("say which entries: pilot resubmit GROUP --failed, or --state cancelled");
            }

            var resubmitted = await server.Api.ResubmitAsync(parse.GetValue(group)!, new Resubmission(wanted.Distinct().ToList()), cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(resubmitted);
            }
            else
            {
                Console.WriteLine($"group {resubmitted.Group}: {resubmitted.Count} entries submitted again");
            }

            return 0;
        }));
        return command;
    }

    private static JobState ParseState(string text) =>
        Enum.TryParse<JobState>(text, ignoreCase: true, out var state) && state is JobState.Failed or JobState.Cancelled or JobState.Succeeded
            ? state
            : throw new CliException($"--state '{text}' is not an ended state: use failed, cancelled or succeeded");
}
