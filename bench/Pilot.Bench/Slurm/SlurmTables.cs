using System.Globalization;
using Spectre.Console;

namespace Pilot.Bench.Slurm;

/// <summary>The two tables of <c>bench slurm</c>: pilot start-up per run with min and median, and eviction.</summary>
internal static class SlurmTables
{
    public static void Print(string slurmVersion, IReadOnlyList<StartupSample> startups, EvictionSample eviction)
    {
        var node = $"{slurmVersion}, one node, {Environment.ProcessorCount} cores";
        // Markdown rows must not wrap: the tables go into the README as they are printed.
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        AnsiConsole.WriteLine($"pilot batch job start ({node})");
        var start = new Table().Border(TableBorder.Markdown).AddColumn("from sbatch (as pilotuser) to");
        foreach (var sample in startups)
        {
            start.AddColumn($"job {sample.BatchJobId}");
        }

        start.AddColumns("min", "median");
        AddRow(start, "sbatch returned the job id", startups.Select(s => s.Accepted).ToList());
        AddRow(start, "batch job running (squeue, polled every 0.1 s)", startups.Select(s => s.Running).ToList());
        AddRow(start, "pilot registered", startups.Select(s => s.Registered).ToList());
        AddRow(start, "first payload started (attempt's payload phase)", startups.Select(s => s.PayloadStarted).ToList());
        AddRow(start, "of which the pilot's own: batch job running → first payload", startups.Select(s => s.PayloadStarted - s.Running).ToList());
        start.AddRow([Markup.Escape("ephemeral pilot's end in Slurm"), .. startups.Select(s => s.SlurmEnd), "", ""]);
        AnsiConsole.Write(start);

        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine($"eviction under Slurm ({node})");
        var evict = new Table().Border(TableBorder.Markdown).AddColumns("eviction", "value");
        evict.AddRow("payloads running (`sleep 600`)", eviction.Payloads.ToString(CultureInfo.InvariantCulture));
        evict.AddRow($"`scancel --batch --signal=USR1 {eviction.BatchJobId}` → all reported to the server", Milliseconds(eviction.Reported));
        evict.AddRow("jobs back in the queue as evicted", $"{eviction.Evicted} of {eviction.Payloads}");
        evict.AddRow("signal → batch job finished in Slurm (squeue, polled every 0.1 s)", Milliseconds(eviction.Ended));
        evict.AddRow("batch job's end in Slurm", eviction.SlurmEnd == "COMPLETED" ? "COMPLETED (exit 0)" : eviction.SlurmEnd);
        evict.AddRow("payload processes left when all were reported / when the job ended", $"{eviction.LeftAtReport} / {eviction.LeftAtEnd}");
        AnsiConsole.Write(evict);
    }

    private static void AddRow(Table table, string what, IReadOnlyList<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        table.AddRow([Markup.Escape(what), .. times.Select(Seconds), Seconds(sorted[0]), Seconds(sorted[sorted.Count / 2])]);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0 'ms'", CultureInfo.InvariantCulture);
}
