using System.Diagnostics;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>
/// What an agent costs its node, for <c>pilot agent</c> and the Native AOT <c>pilot-agent</c> side by side: start-up
/// to registration (its first lease request follows at once), RSS 5 s after start, idle CPU, then RSS after N no-op
/// payloads and after 60 s idle. Each build gets a fresh server.
/// </summary>
internal static class FootprintBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleAfterRun = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(int payloads, string nativeAgent, int port)
    {
        var builds = new[] { AgentBuild.Managed, AgentBuild.Native(nativeAgent) }.OfType<AgentBuild>().ToList();
        if (builds.Count == 1)
        {
            AnsiConsole.WriteLine($"pilot-agent not found at {nativeAgent}: scripts/publish-agent.sh makes it; measuring pilot agent alone");
        }

        var table = new Table().AddColumns("agent", "start to registered", $"RSS {Settle.TotalSeconds:0} s after start (private)", $"idle CPU over {IdleWindow.TotalSeconds:0} s", $"RSS after {payloads} payloads (private)", $"RSS {IdleAfterRun.TotalSeconds:0} s idle after (private)", "agent CPU per payload");
        foreach (var build in builds)
        {
            var row = await MeasureAsync(build, payloads, port++);
            table.AddRow([build.Name, .. row]);
        }

        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
        AnsiConsole.Write(table);
        if (builds.Count > 1)
        {
            AnsiConsole.WriteLine($"pilot-agent file: {new FileInfo(nativeAgent).Length / (1024.0 * 1024):0.0} MB");
        }

        AnsiConsole.WriteLine($"goals: RSS ≤ 30 MB at start, ≤ 40 MB idle after 10000 payloads, start to first lease ≤ 50 ms, idle CPU ≤ 0.2 % of a core; load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    private static async Task<string[]> MeasureAsync(AgentBuild build, int payloads, int port)
    {
        await using var stack = await PilotStack.StartServerAsync(port);
        var clock = Stopwatch.StartNew();
        var pid = await stack.StartAgentAsync(build, "agent", 2, "--lease-wait", "20s");
        await QueueProbe.WaitUntilAsync(async () => (await stack.Api.ListPilotsAsync()).Count > 0, TimeSpan.FromSeconds(60), "the agent to register", everyMs: 2);
        var startup = clock.Elapsed;
        await Task.Delay(Settle - startup > TimeSpan.Zero ? Settle - startup : TimeSpan.Zero);
        var atStart = Memory(pid);
        var cpuBefore = ProcessCpu.Ticks(pid);
        await Task.Delay(IdleWindow);
        var idleCpu = (ProcessCpu.Ticks(pid) - cpuBefore) / 100.0 / IdleWindow.TotalSeconds * 100;

        var cpuBeforeRun = ProcessCpu.Ticks(pid);
        await stack.Api.SubmitBatchAsync(new JobBatch { Template = new JobSpec { Name = "footprint", Command = ["/bin/true"] }, Array = new ArrayRange(1, payloads) });
        await QueueProbe.WaitUntilAsync(
            async () => !await QueueProbe.AnyAsync(stack.Api, JobState.Queued) && !await QueueProbe.AnyAsync(stack.Api, JobState.Running),
            TimeSpan.FromMinutes(30),
            $"{payloads} payloads to finish");
        var cpuPerPayload = (ProcessCpu.Ticks(pid) - cpuBeforeRun) * 10.0 / payloads;
        var afterRun = Memory(pid);
        await Task.Delay(IdleAfterRun);
        return [$"{startup.TotalMilliseconds:0} ms", atStart, $"{idleCpu:0.00} % of one core", afterRun, Memory(pid), $"{cpuPerPayload:0.00} ms"];
    }

    private static string Memory(int pid) => $"{ProcessMemory.RssMb(pid)} MB ({ProcessMemory.AnonymousMb(pid)} MB)";
}
