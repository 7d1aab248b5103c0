using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot status ID...</c> or <c>--group G</c>: the states of many jobs in as few requests as the server allows.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var ids = new Argument<long[]>("ids") { Description = "job ids", Arity = ArgumentArity.ZeroOrMore };
        var group = new Option<string?>("--group") { Description = "every job of this group (a sweep, a workflow run)" };
        var oneWord = new Option<bool>("--one-word") { Description = "one word a line: running, success or failed (Snakemake's --cluster-status)" };
        var command = new Command("status", "Show the states of many jobs: pilot status ID... or pilot status --group GROUP") { ids, group, oneWord };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var given = parse.GetValue(ids) ?? [];
            var statuses = parse.GetValue(group) is { } name
                ? new JobStatuses(await GroupStatusesAsync(server.Api, name, cancellationToken), [])
                : given.Length > 0
                    ? await StatusesAsync(server.Api, given, cancellationToken)
                    : throw new CliException("say which jobs: pilot status ID..., or pilot status --group GROUP");
            if (parse.GetValue(oneWord))
            {
                statuses.Jobs.Select(s => StatusWord.Of(s.State)).ToList().ForEach(Console.WriteLine);
            }
            else if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(statuses);
            }
            else
            {
                AnsiConsole.Write(Table(statuses.Jobs));
            }

            if (statuses.Missing.Count > 0)
            {
                Console.Error.WriteLine($"pilot: no job {string.Join(", ", statuses.Missing)} that you can see; 'pilot jobs' lists yours");
                return CliActions.Failed;
            }

            return 0;
        }));
        return command;
    }

    private static async Task<JobStatuses> StatusesAsync(IPilotApi api, long[] ids, CancellationToken cancellationToken)
    {
        var jobs = new List<JobStatus>();
        var missing = new List<long>();
        foreach (var chunk in ids.Chunk(JobStatusQuery.MaxIds))
        {
            var answer = await api.GetStatusesAsync(new JobStatusQuery(chunk), cancellationToken);
            jobs.AddRange(answer.Jobs);
            missing.AddRange(answer.Missing);
        }

        return new JobStatuses(jobs, missing);
    }

    private static async Task<List<JobStatus>> GroupStatusesAsync(IPilotApi api, string group, CancellationToken cancellationToken)
    {
        await api.GetGroupAsync(group, cancellationToken);
        var jobs = new List<JobStatus>();
        long? before = null;
        do
        {
            var page = await api.ListJobsAsync(limit: 500, before: before, group: group, cancellationToken: cancellationToken);
            jobs.AddRange(page.Jobs.Select(job => new JobStatus(job.Id, job.State)
            {
                ExitCode = job.ExitCode, LastOutcome = job.LastOutcome, Reason = job.Reason, Attempts = job.Attempts,
            }));
            before = page.NextBefore;
        }
        while (before is not null);
        jobs.Reverse();
        return jobs;
    }

    private static Table Table(IEnumerable<JobStatus> statuses)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "STATE", "EXIT", "ATTEMPTS", "REASON");
        foreach (var status in statuses)
        {
            table.AddRow(
                status.Id.ToString(),
                Printer.StateMarkup(status.State),
                status.ExitCode?.ToString() ?? "",
                status.Attempts.ToString(),
                Markup.Escape(Printer.Shorten(status.Reason ?? "", 80)));
        }

        return table;
    }
}
