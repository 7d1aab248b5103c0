using System.Diagnostics;
using Pilot.Contracts;
using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>
/// No-op payloads end to end through a real server and agent (all N submitted first, timed apart; then the agent
/// started and timed until all are done), side by side with a bash loop, <c>xargs -P&lt;cores&gt;</c>, GNU parallel,
/// Dask and one <c>sbatch</c> per payload, with the ratios the targets name; then the agent's memory after the run
/// and after a minute idle.
/// </summary>
internal static class ThroughputBenchmark
{
    private const int Submitters = 4;

    public static async Task<int> RunAsync(int count, int sbatchCount, int port)
    {
        var cores = Environment.ProcessorCount;
        var pilot = await PilotAsync(["/bin/true"], count, cores, port, idle: TimeSpan.FromSeconds(60));
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

        if (await Baselines.DaskAsync(count, cores) is { } dask)
        {
            rows.Add(($"Dask LocalCluster, {cores} worker processes", count, dask));
        }
        else
        {
            AnsiConsole.WriteLine("Dask skipped: /usr/bin/python3 could not run a LocalCluster (Debian: apt-get install python3-distributed)");
        }

        if (sbatchCount > 0 && Baselines.Has("sbatch"))
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            rows.Add(("one sbatch per payload (Slurm)", sbatchCount, await Baselines.SbatchAsync(sbatchCount, bound.Token)));
        }

        Print(rows, cores, pilot.CpuPerPayload);
        AnsiConsole.WriteLine($"submission of {count} jobs (4 clients, not counted above): {pilot.Submission.TotalSeconds:0.00} s");
        AnsiConsole.WriteLine($"agent RSS after {count} payloads: {pilot.RssAfterMb} MB; after 60 s idle: {pilot.RssIdleMb} MB");
        return 0;
    }

    /// <returns>Wall time, server plus agent CPU per payload (less noisy than wall time on a shared machine), the submission's time, the agent's RSS.</returns>
    public static async Task<PilotRun> PilotAsync(IReadOnlyList<string> command, int count, int cores, int port, TimeSpan idle)
    {
        await using var stack = await PilotStack.StartServerAsync(port);
        var submitting = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await stack.Api.SubmitAsync(new JobSpec { Name = "bench", Command = [.. command] });
            }
        })));
        var submission = submitting.Elapsed;
        var serverCpuBefore = stack.CpuTimes()[0];

        var clock = Stopwatch.StartNew();
        var agent = await stack.StartAgentAsync("agent", cores, "--lease-wait", "20s");
        await QueueProbe.WaitUntilAsync(
            async () => !await QueueProbe.AnyAsync(stack.Api, JobState.Queued) && !await QueueProbe.AnyAsync(stack.Api, JobState.Running),
            TimeSpan.FromMinutes(30),
            $"{count} payloads to finish");
        var elapsed = clock.Elapsed;
        var cpu = stack.CpuTimes();
        var cpuPerPayload = new[] { (cpu[0] - serverCpuBefore) / count, cpu[1] / count };
        if (await QueueProbe.AnyAsync(stack.Api, JobState.Failed))
        {
            throw new InvalidOperationException("some payloads failed; the measurement is void");
        }

        var rssAfter = ProcessMemory.RssMb(agent);
        await Task.Delay(idle);
        return new PilotRun(elapsed, cpuPerPayload, submission, rssAfter, ProcessMemory.RssMb(agent));
    }

    internal sealed record PilotRun(TimeSpan Elapsed, IReadOnlyList<TimeSpan> CpuPerPayload, TimeSpan Submission, long RssAfterMb, long RssIdleMb);

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
        AnsiConsole.WriteLine($"pilot CPU per payload: server {pilotCpuPerPayload[0].TotalMilliseconds:0.00} ms (submission excluded), agent {pilotCpuPerPayload[1].TotalMilliseconds:0.00} ms (target ≤ 0.5 ms), agent start-up included; load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        AnsiConsole.WriteLine($"no-op payload throughput on {cores} cores; targets: pilot ≥ 0.5× xargs -P{cores}, ≥ 3× GNU parallel, ahead of Dask, ≥ 1000× sbatch");
        foreach (var (name, target) in new[] { ("xargs", 0.5), ("GNU parallel", 3.0), ("Dask", 1.0), ("sbatch", 1000.0) })
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
