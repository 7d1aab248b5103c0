using System.CommandLine;
using System.Globalization;
using Pilot.Contracts;
using Pilot.Core.Specs;
using Pilot.Runtimes;
using Pilot.Runtimes.Bubblewrap;
using Pilot.Runtimes.Charliecloud;
using Pilot.Runtimes.Execution;
using Pilot.Runtimes.Process;
using Pilot.Testing;
using Spectre.Console;

namespace Pilot.Bench.ContainerStart;

/// <summary>
/// <c>bench container-start</c>: what a container costs to start, as the agent starts it (prepare, command line,
/// runner with its own session and marker sweep): <c>/bin/true</c> as a plain process, in bwrap and in Charliecloud
/// from a busybox root filesystem.
/// </summary>
internal static class ContainerStartBench
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "starts per runtime (1..500)", DefaultValueFactory = _ => 30 };
        var command = new Command("container-start", "Start overhead of ch-run and bwrap against a plain process") { runs };
        command.SetAction(async parse =>
        {
            var count = Math.Clamp(parse.GetValue(runs), 1, 500);
            using var directory = new TemporaryDirectory();
            var rootfs = BusyboxRootfs.Create(directory.Sub("rootfs"));
            var time = TimeProvider.System;
            IPayloadRuntime[] runtimes = [new ProcessRuntime(), new BubblewrapRuntime(time), new CharliecloudRuntime(time)];
            var results = new List<(string Runtime, double[] Milliseconds)>();
            foreach (var runtime in runtimes)
            {
                var spec = runtime.Name == RuntimeNames.Process ? new RuntimeSpec() : new RuntimeSpec { Type = runtime.Name, Image = rootfs };
                results.Add((runtime.Name, await MeasureAsync(runtime, spec, count, directory, time)));
            }

            Print(results, count);
            return 0;
        });
        return command;
    }

    private static async Task<double[]> MeasureAsync(IPayloadRuntime runtime, RuntimeSpec spec, int count, TemporaryDirectory directory, TimeProvider time)
    {
        var runner = new PayloadRunner(time);
        var milliseconds = new double[count];
        for (var i = -1; i < count; i++)
        {
            var launch = Launches.For(spec, ["/bin/true"], directory.Sub($"{runtime.Name}-{i}"), directory.Sub("images"));
            Directory.CreateDirectory(launch.WorkingDirectory);
            using var log = new PayloadLog(directory.Sub($"{runtime.Name}-{i}.log"), 64 * 1024);
            using var control = new PayloadControl();
            var since = time.GetTimestamp();
            var prepared = await runtime.PrepareAsync(launch, log, CancellationToken.None);
            var result = await runner.RunAsync(runtime.BuildCommand(prepared), log, control, $"bench-{Guid.NewGuid():N}");
            if (result.Outcome != AttemptOutcome.Succeeded)
            {
                throw new InvalidOperationException($"{runtime.Name} did not run /bin/true: {result.Outcome} {result.Reason}; see {log.FilePath}");
            }

            // The first start warms caches (page cache, JIT) and is not counted.
            if (i >= 0)
            {
                milliseconds[i] = time.GetElapsedTime(since).TotalMilliseconds;
            }
        }

        Array.Sort(milliseconds);
        return milliseconds;
    }

    private static void Print(List<(string Runtime, double[] Milliseconds)> results, int count)
    {
        var baseline = Median(results[0].Milliseconds);
        var table = new Table().Border(TableBorder.Simple).AddColumns("runtime", "starts", "median ms", "p90 ms", "overhead vs process");
        foreach (var (runtime, ms) in results)
        {
            var median = Median(ms);
            table.AddRow(runtime, count.ToString(CultureInfo.InvariantCulture), Format(median), Format(ms[(int)Math.Ceiling(0.9 * ms.Length) - 1]), $"{(median - baseline).ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} ms (x{median / baseline:0.00})");
        }

        AnsiConsole.Write(table);
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static string Format(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
