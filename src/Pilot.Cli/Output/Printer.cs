using System.Text.Json;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Output;

/// <summary>Writes results as tables for people or as the API's JSON for scripts.</summary>
internal static class Printer
{
    public static void Json<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, PilotJson.Indented));

    public static void Jobs(IEnumerable<JobView> jobs, Uri? server = null) => AnsiConsole.Write(JobTable(jobs, server));

    /// <param name="server">Where running interactive jobs open; shown as their state's link.</param>
    public static Table JobTable(IEnumerable<JobView> jobs, Uri? server = null)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("ID", "NAME", "STATE", "EXIT", "ATTEMPTS", "CORES", "SUBMITTED", "REASON");
        foreach (var job in jobs)
        {
            table.AddRow(
                job.Id.ToString(),
                Markup.Escape(job.Name),
                StateMarkup(job.State) + OpenLink(job, server),
                job.ExitCode?.ToString() ?? "",
                job.Attempts.ToString(),
                job.Spec.Resources.Cores.ToString(),
                job.SubmittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                Markup.Escape(Shorten(job.Reason ?? "", 60)));
        }

        return table;
    }

    /// <summary>" open URL" for a running interactive job (pilot open ID prints it too).</summary>
    private static string OpenLink(JobView job, Uri? server) =>
        server is not null && job is { State: JobState.Running, Spec.Interactive: not null }
            && Markup.Escape(new Uri(server, TunnelProtocol.ProxyPrefix(job.Id)).ToString()) is var url
            ? $" [link={url}]open[/] {url}"
            : "";

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
