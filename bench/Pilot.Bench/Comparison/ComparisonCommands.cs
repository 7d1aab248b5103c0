using System.CommandLine;

namespace Pilot.Bench.Comparison;

/// <summary>The verbs that measure Pilot against the alternatives and what an agent costs: throughput, makespan, footprint, eviction.</summary>
internal static class ComparisonCommands
{
    public static IEnumerable<Command> Create()
    {
        var port = new Option<int>("--port") { Description = "loopback port for the server", DefaultValueFactory = _ => 18_700 + (Environment.ProcessId % 1000) };
        var jobs = new Option<int>("--jobs") { Description = "no-op payloads per method", DefaultValueFactory = _ => 10_000 };
        var sbatch = new Option<int>("--sbatch-jobs") { Description = "payloads submitted one sbatch each (0 skips Slurm)", DefaultValueFactory = _ => 20 };
        var throughput = new Command("throughput", "No-op payloads end to end: pilot vs bash loop, xargs, GNU parallel, sbatch") { port, jobs, sbatch };
        throughput.SetAction(parse => ThroughputBenchmark.RunAsync(parse.GetValue(jobs), parse.GetValue(sbatch), parse.GetValue(port)));

        var makespan = new Command("makespan", "sleep 0.1 payloads filling every core (cores × 200): makespan vs ideal") { port };
        makespan.SetAction(parse => MakespanBenchmark.RunAsync(parse.GetValue(port)));

        var footprintPayloads = new Option<int>("--payloads") { Description = "no-op payloads each agent runs before its idle RSS is read again", DefaultValueFactory = _ => 10_000 };
        var nativeAgent = new Option<string>("--native-agent") { Description = "the Native AOT agent to measure beside pilot agent", DefaultValueFactory = _ => "artifacts/pilot-agent/pilot-agent" };
        var footprint = new Command("footprint", "pilot agent and the Native AOT pilot-agent: start-up to first lease request, RSS, idle CPU, RSS after N payloads") { port, footprintPayloads, nativeAgent };
        footprint.SetAction(parse => FootprintBenchmark.RunAsync(parse.GetValue(footprintPayloads), parse.GetValue(nativeAgent)!, parse.GetValue(port)));

        var payloads = new Option<int>("--payloads") { Description = "payloads running when the agent is told to leave", DefaultValueFactory = _ => 16 };
        var eviction = new Command("eviction", "Signal to an agent → every payload reported evicted") { port, payloads };
        eviction.SetAction(parse => EvictionBenchmark.RunAsync(parse.GetValue(payloads), parse.GetValue(port)));
        return [throughput, makespan, footprint, eviction];
    }
}
