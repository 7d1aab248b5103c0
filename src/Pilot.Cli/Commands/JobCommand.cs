using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot job ID</c>: one job with its attempts.</summary>
internal static class JobCommand
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "job id" };
        var command = new Command("job", "Show one job and its attempts") { id };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var job = await server.Api.GetJobAsync(parse.GetValue(id), cancellationToken);
            var attempts = await server.Api.GetAttemptsAsync(job.Id, cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(new { job, attempts });
                return 0;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[bold]job[/]", $"{job.Id} {Markup.Escape(job.Name)}");
            grid.AddRow("[bold]state[/]", Printer.StateMarkup(job.State) + (job.ExitCode is { } code ? $" (exit {code})" : ""));
            grid.AddRow("[bold]reason[/]", Markup.Escape(job.Reason ?? "-"));
            grid.AddRow("[bold]command[/]", Markup.Escape(string.Join(' ', job.Spec.Command)));
            grid.AddRow("[bold]runtime[/]", Markup.Escape(job.Spec.Runtime.Type + (job.Spec.Runtime.Image is { } image ? $" {image}" : "")));
            grid.AddRow("[bold]resources[/]", $"{job.Spec.Resources.Cores} cores, {job.Spec.Resources.MemoryMb} MB, {job.Spec.Resources.Gpus} GPUs, walltime {Contracts.Duration.Format(job.Spec.Resources.Walltime)}");
            grid.AddRow("[bold]submitted[/]", job.SubmittedAt.ToLocalTime().ToString("u"));
            AnsiConsole.Write(grid);

            var table = new Table().Border(TableBorder.Simple).AddColumns("ATTEMPT", "PILOT", "OUTCOME", "EXIT", "STARTED", "FINISHED", "REASON");
            foreach (var attempt in attempts)
            {
                table.AddRow(
                    attempt.Number.ToString(),
                    Markup.Escape(attempt.PilotId),
                    attempt.Outcome.ToString(),
                    attempt.ExitCode?.ToString() ?? "",
                    attempt.StartedAt?.ToLocalTime().ToString("HH:mm:ss") ?? attempt.LeasedAt.ToLocalTime().ToString("HH:mm:ss"),
                    attempt.FinishedAt?.ToLocalTime().ToString("HH:mm:ss") ?? "",
                    Markup.Escape(Printer.Shorten(attempt.Reason ?? "", 60)));
            }

            AnsiConsole.Write(table);
            foreach (var attempt in attempts.Where(a => a.Phases is not null))
            {
                Console.WriteLine($"attempt {attempt.Number} phases: {Phases(attempt.Phases)}");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Where an attempt's time went: <c>lease 0.1s, setup 0.4s, payload 12.0s, report 0.0s</c>.</summary>
    public static string Phases(IReadOnlyList<AttemptPhase>? phases) =>
        phases is null ? "" : string.Join(", ", phases.Select(p => $"{p.Name} {p.Duration.TotalSeconds:0.0}s"));
}
