using System.CommandLine;
using Pilot.Contracts;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot open ID</c>: the address of an interactive job's session, once its service answers.</summary>
internal static class OpenCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "the interactive job" };
        var command = new Command("open", "Print the address of an interactive job's session (a notebook or web service), waiting until it answers") { id };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            Console.WriteLine((await WaitUntilReadyAsync(server.Api, parse.GetValue(id), cancellationToken)).Url);
            return 0;
        }));
        return command;
    }

    /// <summary>Waits while the job is queued or its service starts; fails with the server's reason once it cannot open.</summary>
    public static async Task<InteractiveView> WaitUntilReadyAsync(IPilotApi api, long jobId, CancellationToken cancellationToken)
    {
        var said = "";
        while (true)
        {
            var view = await api.GetInteractiveAsync(jobId, cancellationToken);
            if (view.Ready)
            {
                return view;
            }

            var job = await api.GetJobAsync(jobId, cancellationToken);
            if (job.State is not (JobState.Queued or JobState.Waiting or JobState.Running))
            {
                throw new CliException(view.Reason ?? $"job {jobId} is {job.State.ToString().ToLowerInvariant()}");
            }

            if (view.Reason is { } reason && reason != said)
            {
                await Console.Error.WriteLineAsync(reason);
                said = reason;
            }

            await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
        }
    }
}
