using System.CommandLine;
using Pilot.Bench.ContainerStart;
using Pilot.Bench.Queue;
using Pilot.Bench.Servers;
using Pilot.Bench.Slurm;

namespace Pilot.Bench;

/// <summary>The <c>bench</c> command: one verb per benchmark.</summary>
internal static class BenchCommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Pilot benchmarks: loopback only, bounded, results printed as tables and ratios.")
        {
            ContainerStartBench.Create(),
            QueueBenchmark.Create(),
            ServersBenchmark.Create(),
            ScalingBenchmark.Create(),
            SlurmBenchmark.Create(),
        };
        foreach (var verb in Comparison.ComparisonCommands.Create())
        {
            root.Subcommands.Add(verb);
        }

        return root.Parse(args).InvokeAsync();
    }
}
