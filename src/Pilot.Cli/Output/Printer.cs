using System.Text.Json;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Output;

/// <summary>Writes results as tables for people or as the API's JSON for scripts.</summary>
internal static class Printer
{
    public static void Json<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, PilotJson.Indented));

    public static void Jobs(IEnumerable<JobView> jobs) => AnsiConsole.Write(JobTable(jobs));

    public static Table JobTable(IEnumerable<JobView> jobs)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("ID", "NAME", "STATE", "EXIT", "ATTEMPTS", "CORES", "SUBMITTED", "REASON");
        foreach (var job in jobs)
        {
            table.AddRow(
                job.Id.ToString(),
                Markup.Escape(job.Name),
                StateMarkup(job.State),
                job.ExitCode?.ToString() ?? "",
                job.Attempts.ToString(),
                job.Spec.Resources.Cores.ToString(),
                job.SubmittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                Markup.Escape(Shorten(job.Reason ?? "", 60)));
        }

        return table;
    }

    public static string StateMarkup(JobState state) => state switch
    {
        JobState.Succeeded => "[green]succeeded[/]",
        JobState.Failed => "[red]failed[/]",
        JobState.Cancelled => "[yellow]cancelled[/]",
        JobState.Running => "[blue]running[/]",
        JobState.Waiting => "[grey]waiting[/]",
        _ => "[grey]queued[/]",
    };

    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
