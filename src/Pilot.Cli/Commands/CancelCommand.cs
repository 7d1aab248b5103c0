using System.CommandLine;
using Pilot.Cli.Output;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot cancel ID</c>: a queued job never starts; a running one is stopped at its pilot's next heartbeat.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "job id" };
        var command = new Command("cancel", "Cancel a job; a running payload is stopped within one heartbeat") { id };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var job = await server.Api.CancelAsync(parse.GetValue(id), cancellationToken);
            if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
            {
                Printer.Json(job);
            }
            else
            {
                Console.WriteLine($"job {job.Id} ({job.Name}): {job.Reason}");
            }

            return 0;
        }));
        return command;
    }
}
