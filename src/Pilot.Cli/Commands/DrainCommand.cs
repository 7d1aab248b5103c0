using System.CommandLine;
using Pilot.Cli.Output;

namespace Pilot.Cli.Commands;

/// <summary>
/// <c>pilot drain PILOT</c>: the pilot takes no more work, lets its payloads finish and leaves, giving its allocation
/// back; with <c>--shutdown</c> it evicts them (their jobs are requeued) and leaves at once. Admin only.
/// </summary>
internal static class DrainCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("pilot") { Description = "pilot id, as 'pilot pilots' shows it" };
        var shutdown = new Option<bool>("--shutdown") { Description = "evict running payloads (requeued) and leave now instead of letting them finish" };
        var command = new Command("drain", "Ask a pilot to leave at its next heartbeat: after its payloads finish, or at once with --shutdown") { id, shutdown };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var pilotId = parse.GetValue(id)!;
            var now = parse.GetValue(shutdown);
            var pilot = now
                ? await server.Api.ShutdownPilotAsync(pilotId, cancellationToken)
                : await server.Api.DrainPilotAsync(pilotId, cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(pilot);
            }
            else
            {
                var what = now ? "evict its payloads and leave" : "take no more work and leave once its payloads finish";
                Console.WriteLine($"pilot {pilot.Id} on {pilot.Hostname} ({pilot.RunningJobs} running) will {what} at its next heartbeat");
            }

            return 0;
        }));
        return command;
    }
}
