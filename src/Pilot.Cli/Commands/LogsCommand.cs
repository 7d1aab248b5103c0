using System.CommandLine;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot logs ID [-f]</c>: the log of the job's latest attempt, optionally followed until the job ends.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "job id" };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new output until the job ends" };
        var command = new Command("logs", "Print a job's log (stdout and stderr of its latest attempt)") { id, follow };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var jobId = parse.GetValue(id);
            long offset = 0;
            using var stdout = Console.OpenStandardOutput();
            while (true)
            {
                var ended = JobWatcher.HasEnded(await server.Api.GetJobAsync(jobId, cancellationToken));
                using var response = await server.Api.GetLogAsync(jobId, offset, cancellationToken);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var before = offset;
                var buffer = new byte[81920];
                int read;
                try
                {
                    while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await stdout.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        offset += read;
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException && parse.GetValue(follow))
                {
                    // The server died mid-answer (behind a load balancer): the next read, from another, goes on from the bytes printed.
                    ended = false;
                }

                await stdout.FlushAsync(cancellationToken);
                if (!parse.GetValue(follow) || (ended && offset == before))
                {
                    return 0;
                }

                await Task.Delay(JobWatcher.PollInterval, TimeProvider.System, cancellationToken);
            }
        }));
        return command;
    }
}
