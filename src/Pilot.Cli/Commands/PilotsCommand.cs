using System.CommandLine;
using Pilot.Cli.Output;
using Spectre.Console;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot pilots</c>: the pilots the server knows, with what they have and how long they live.</summary>
internal static class PilotsCommand
{
    public static Command Create()
    {
        var command = new Command("pilots", "List pilots: resources, running jobs, walltime end");
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var pilots = await server.Api.ListPilotsAsync(cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(pilots);
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("PILOT", "STATE", "CORES", "FREE", "MEMORY MB", "GPUS", "RUNNING", "RUNTIMES", "BATCH JOB", "WALLTIME END");
            foreach (var pilot in pilots)
            {
                table.AddRow(
                    Markup.Escape(pilot.Id),
                    pilot.State,
                    pilot.Resources.Cores.ToString(),
                    pilot.Free?.Cores.ToString() ?? "",
                    pilot.Resources.MemoryMb.ToString(),
                    pilot.Resources.Gpus.ToString(),
                    pilot.RunningJobs.ToString(),
                    Markup.Escape(string.Join(",", pilot.Runtimes)),
                    pilot.BatchJobId ?? "",
                    pilot.WalltimeEnd?.ToLocalTime().ToString("u") ?? "none");
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
