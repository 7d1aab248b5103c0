using Spectre.Console;

namespace Pilot.Bench.Comparison;

/// <summary>
/// <c>sleep 0.1</c> payloads filling every core (cores × 200 of them) through a real server and agent: the makespan
/// against the ideal of 200 × 0.1 s, which only per-payload overhead and idle cores between payloads stretch.
/// </summary>
internal static class MakespanBenchmark
{
    private const int PerCore = 200;
    private const double Seconds = 0.1;

    public static async Task<int> RunAsync(int port)
    {
        var cores = Environment.ProcessorCount;
        var run = await ThroughputBenchmark.PilotAsync(["/bin/sleep", "0.1"], cores * PerCore, cores, port, idle: TimeSpan.Zero);
        var ideal = TimeSpan.FromSeconds(PerCore * Seconds);
        var ratio = run.Elapsed / ideal;
        var table = new Table().AddColumns("sleep 0.1 payloads", "cores", "makespan (s)", "ideal (s)", "makespan ÷ ideal (target ≤ 105 %)");
        table.AddRow((cores * PerCore).ToString(), cores.ToString(), $"{run.Elapsed.TotalSeconds:0.00}", $"{ideal.TotalSeconds:0.00}", $"{ratio * 100:0.0} % {(ratio <= 1.05 ? "met" : "MISSED")}");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"agent start-up included; agent CPU per payload {run.CpuPerPayload[1].TotalMilliseconds:0.00} ms, server {run.CpuPerPayload[0].TotalMilliseconds:0.00} ms");
        return 0;
    }
}
