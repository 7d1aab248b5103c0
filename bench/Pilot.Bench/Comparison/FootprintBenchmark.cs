using System.Diagnostics;
using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>What an idle agent costs its node: start-up time to its first lease request, resident memory, CPU.</summary>
internal static class FootprintBenchmark
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int port)
    {
        await using var stack = await PilotStack.StartServerAsync(port);
        var clock = Stopwatch.StartNew();
        var pid = await stack.StartAgentAsync("agent", 2, "--lease-wait", "20s");

        // Registration is the agent's first call and its lease request follows at once, with no work to wait for.
        await QueueProbe.WaitUntilAsync(async () => (await stack.Api.ListPilotsAsync()).Count > 0, TimeSpan.FromSeconds(60), "the agent to register");
        var startup = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpuBefore = ProcessCpu.Ticks(pid);
        await Task.Delay(IdleWindow);
        var cpuPercent = (ProcessCpu.Ticks(pid) - cpuBefore) / 100.0 / IdleWindow.TotalSeconds * 100;

        var table = new Table().AddColumns("agent footprint", "value");
        table.AddRow("start to registered (first lease request follows)", $"{startup.TotalSeconds:0.00} s");
        table.AddRow("idle RSS", $"{ProcessMemory.RssMb(pid)} MB");
        table.AddRow("idle RSS, anonymous (private)", $"{ProcessMemory.AnonymousMb(pid)} MB");
        table.AddRow($"idle CPU over {IdleWindow.TotalSeconds:0} s (long poll, heartbeats)", $"{cpuPercent:0.00} % of one core");
        AnsiConsole.Write(table);
        return 0;
    }
}
