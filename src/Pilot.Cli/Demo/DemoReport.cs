using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Demo;

/// <summary>The demo's results table; says whether every job ended as expected.</summary>
internal static class DemoReport
{
    public static bool Print(DemoRun run, IReadOnlyList<JobView> results, OutputFormat output)
    {
        var expected = run.Jobs.ToDictionary(j => j.Id, j => j.Job.Expected);
        var allAsExpected = results.All(r => r.State == expected[r.Id]);
        if (output == OutputFormat.Json)
        {
            Printer.Json(results);
            return allAsExpected;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Pilot demo results")
            .AddColumns("ID", "NAME", "STATE", "EXIT", "SECONDS", "LAST OUTPUT");
        foreach (var job in results)
        {
            var seconds = job.StartedAt is { } start && job.FinishedAt is { } end ? (end - start).TotalSeconds.ToString("0.0") : "";
            table.AddRow(
                job.Id.ToString(),
                Markup.Escape(job.Name),
                Printer.StateMarkup(job.State) + (job.State == expected[job.Id] ? "" : " [red](unexpected)[/]"),
                job.ExitCode?.ToString() ?? "",
                seconds,
                Markup.Escape(Printer.Shorten(LastLine(job.LogTail), 60)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine(allAsExpected
            ? $"All {results.Count} demo jobs ended as expected."
            : "Some demo jobs did not end as expected; see the table above.");
        return allAsExpected;
    }

    private static string LastLine(string? log) =>
        log?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
