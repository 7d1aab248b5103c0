using System.Diagnostics;
using CliWrap;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>From the signal that tells an agent to leave to every one of its payloads reported back to the queue.</summary>
internal static class EvictionBenchmark
{
    public static async Task<int> RunAsync(int payloads, int port)
    {
        await using var stack = await PilotStack.StartServerAsync(port);
        var pid = await stack.StartAgentAsync("agent", payloads, "--lease-wait", "20s");
        for (var i = 0; i < payloads; i++)
        {
            await stack.Api.SubmitAsync(new JobSpec { Name = "long", Command = ["sleep", "600"] });
        }

        await QueueProbe.WaitUntilAsync(async () => !await QueueProbe.AnyAsync(stack.Api, JobState.Queued), TimeSpan.FromSeconds(60), "every payload to start");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        await CliWrap.Cli.Wrap("kill").WithArguments(["-TERM", pid.ToString()]).ExecuteAsync();
        await QueueProbe.WaitUntilAsync(async () => !await QueueProbe.AnyAsync(stack.Api, JobState.Running), TimeSpan.FromSeconds(120), "every payload to be reported evicted");
        var elapsed = clock.Elapsed;
        var evicted = (await stack.Api.ListJobsAsync("queued", limit: 500)).Jobs.Count(j => j.LastOutcome == AttemptOutcome.Evicted);

        var table = new Table().AddColumns("eviction", "value");
        table.AddRow("payloads running", payloads.ToString());
        table.AddRow("SIGTERM to agent → all reported evicted and requeued", $"{elapsed.TotalMilliseconds:0} ms");
        table.AddRow("jobs back in the queue as evicted", evicted.ToString());
        AnsiConsole.Write(table);
        return evicted == payloads ? 0 : 1;
    }
}
