using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot pilots</c>: the pilots the server knows, with what they have and how long they live.</summary>
internal static class PilotsCommand
{
    public static Command Create()
    {
        var provisionedOnly = new Option<bool>("--provisioned") { Description = "only the pilot batch jobs the server's provisioner submitted, with their Slurm state" };
        var command = new Command("pilots", "List pilots: resources, running jobs, walltime end; and the pilot batch jobs the server submitted") { provisionedOnly };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var provisioned = await server.Api.ListProvisionedAsync(cancellationToken);
            if (parse.GetValue(provisionedOnly))
            {
                PrintProvisioned(provisioned, parse.GetValue(GlobalOptions.Output));
                return 0;
            }

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
                    State(pilot),
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
            if (provisioned.Count > 0)
            {
                PrintProvisioned(provisioned, OutputFormat.Table);
            }

            return 0;
        }));
        return command;
    }

    private static void PrintProvisioned(IReadOnlyList<ProvisionedPilotView> provisioned, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            Printer.Json(provisioned);
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title("pilot batch jobs submitted by the server")
            .AddColumns("BATCH JOB", "QUEUE", "STATE", "SLURM STATE", "PILOT", "SUBMITTED", "REASON");
        foreach (var pilot in provisioned)
        {
            table.AddRow(
                pilot.BatchJobId ?? "-",
                Markup.Escape(pilot.Queue),
                pilot.State,
                pilot.SlurmState ?? "",
                Markup.Escape(pilot.PilotId ?? ""),
                pilot.SubmittedAt.ToLocalTime().ToString("u"),
                Markup.Escape(pilot.Reason ?? ""));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The state with what the pilot said about its nodes: its own broken, others lost.</summary>
    private static string State(PilotView pilot)
    {
        var notes = new List<string>();
        if (pilot.NodeBroken)
        {
            notes.Add("node broken");
        }

        if (pilot.LostNodes.Count > 0)
        {
            notes.Add($"lost {string.Join(",", pilot.LostNodes)}");
        }

        return Markup.Escape(notes.Count > 0 ? $"{pilot.State} ({string.Join("; ", notes)})" : pilot.State);
    }
}
