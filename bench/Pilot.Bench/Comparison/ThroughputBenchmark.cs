using System.Diagnostics;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>
/// No-op payloads end to end (submit N, all done) through a real server and agent, side by side with a bash loop,
/// <c>xargs -P&lt;cores&gt;</c>, GNU parallel and one <c>sbatch</c> per payload, with the ratios the targets name.
/// </summary>
internal static class ThroughputBenchmark
{
    private const int Submitters = 4;

    public static async Task<int> RunAsync(int count, int sbatchCount, int port)
    {
        var cores = Environment.ProcessorCount;
        var pilot = await PilotAsync(count, cores, port);
        var rows = new List<(string Method, int Count, TimeSpan Elapsed)>
        {
            ("pilot (server + agent)", count, pilot.Elapsed),
            ("bash loop, fork/exec /bin/true", count, await Baselines.BashLoopAsync(count)),
            ($"xargs -P{cores}", count, await Baselines.XargsAsync(count, cores)),
        };
        if (Baselines.Has("parallel"))
        {
            rows.Add(($"GNU parallel -j{cores}", count, await Baselines.GnuParallelAsync(count, cores)));
        }

        if (sbatchCount > 0 && Baselines.Has("sbatch"))
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            rows.Add(("one sbatch per payload (Slurm)", sbatchCount, await Baselines.SbatchAsync(sbatchCount, bound.Token)));
        }

        Print(rows, cores, pilot.CpuPerPayload);
        return 0;
    }

    /// <returns>Wall time, and server plus agent CPU per payload (less noisy than wall time on a shared machine).</returns>
    private static async Task<(TimeSpan Elapsed, IReadOnlyList<TimeSpan> CpuPerPayload)> PilotAsync(int count, int cores, int port)
    {
        await using var stack = await PilotStack.StartServerAsync(port);
        await stack.StartAgentAsync("agent", cores, "--lease-wait", "20s");
        await QueueProbe.WaitUntilAsync(async () => (await stack.Api.ListPilotsAsync()).Count > 0, TimeSpan.FromSeconds(60), "the agent to register");

        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await stack.Api.SubmitAsync(new JobSpec { Name = "noop", Command = ["/bin/true"] });
            }
        })));
        await QueueProbe.WaitUntilAsync(
            async () => !await QueueProbe.AnyAsync(stack.Api, JobState.Queued) && !await QueueProbe.AnyAsync(stack.Api, JobState.Running),
            TimeSpan.FromMinutes(30),
            $"{count} payloads to finish");
        var elapsed = clock.Elapsed;
        var cpu = stack.CpuTimes().Select(t => t / count).ToList();
        if (await QueueProbe.AnyAsync(stack.Api, JobState.Failed))
        {
            throw new InvalidOperationException("some no-op payloads failed; the measurement is void");
        }

        return (elapsed, cpu);
    }

    private static void Print(List<(string Method, int Count, TimeSpan Elapsed)> rows, int cores, IReadOnlyList<TimeSpan> pilotCpuPerPayload)
    {
        double Rate((string Method, int Count, TimeSpan Elapsed) row) => row.Count / row.Elapsed.TotalSeconds;
        var pilot = Rate(rows[0]);
        var table = new Table().AddColumns("method", "payloads", "wall (s)", "payloads/s", "ms per payload", "pilot ÷ method");
        foreach (var row in rows)
        {
            table.AddRow(
                row.Method,
                row.Count.ToString(),
                $"{row.Elapsed.TotalSeconds:0.00}",
                $"{Rate(row):0.0}",
                $"{row.Elapsed.TotalMilliseconds / row.Count:0.00}",
                $"{pilot / Rate(row):0.00}×");
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"pilot CPU per payload: server {pilotCpuPerPayload[0].TotalMilliseconds:0.0} ms, agent {pilotCpuPerPayload[1].TotalMilliseconds:0.0} ms; load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        AnsiConsole.WriteLine($"no-op payload throughput on {cores} cores; targets: pilot ≥ 0.5× xargs -P{cores}, ≥ 3× GNU parallel, ≥ 1000× sbatch");
        foreach (var (name, target) in new[] { ("xargs", 0.5), ("GNU parallel", 3.0), ("sbatch", 1000.0) })
        {
            var row = rows.FirstOrDefault(r => r.Method.Contains(name, StringComparison.Ordinal));
            if (row.Method is not null)
            {
                var ratio = pilot / Rate(row);
                AnsiConsole.WriteLine($"  vs {name}: {ratio:0.00}× (target {target}×) {(ratio >= target ? "met" : "MISSED")}");
            }
        }
    }
}
