using System.CommandLine;
using Pilot.Cli.Output;

namespace Pilot.Cli.Commands;

/// <summary>
/// <c>pilot cancel ID</c>: a queued job never starts; a running one is stopped at its pilot's next heartbeat, at once
/// or, with <c>--grace</c>, signalled first and given that long. <c>--group</c> cancels a whole sweep.
/// </summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<long?>("id") { Description = "job id", Arity = ArgumentArity.ZeroOrOne };
        var group = new Option<string?>("--group") { Description = "cancel every job of this group that has not ended" };
        var grace = DurationOption.Create("--grace", "signal a running payload and give it this long to finish before it is killed");
        var command = new Command("cancel", "Cancel a job or a group; a running payload is stopped within one heartbeat") { id, group, grace };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var json = parse.GetValue(GlobalOptions.Output) == OutputFormat.Json;
            if (parse.GetValue(group) is { } name)
            {
                var cancelled = await server.Api.CancelGroupAsync(name, cancellationToken);
                if (json)
                {
                    Printer.Json(cancelled);
                }
                else
                {
                    Console.WriteLine(GroupCommand.Summary(cancelled));
                }

                return 0;
            }

            var jobId = parse.GetValue(id) ?? throw new CliException("say which job: pilot cancel ID, or a whole group: pilot cancel --group GROUP");
            var job = parse.GetValue(grace) is { } seconds
                ? await server.Api.CancelGracefullyAsync(jobId, (int)Math.Ceiling(seconds.TotalSeconds), cancellationToken)
                : await server.Api.CancelAsync(jobId, cancellationToken);
            if (json)
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
