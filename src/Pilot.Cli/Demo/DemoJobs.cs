using Pilot.Contracts;

namespace Pilot.Cli.Demo;

/// <summary>The payloads the demo runs: what users do with Pilot, in miniature.</summary>
internal static class DemoJobs
{
    public static IReadOnlyList<DemoJob> All { get; } =
    [
        Job("hello", "echo \"hello from $(hostname): job $PILOT_JOB_ID, attempt $PILOT_ATTEMPT, $PILOT_CORES core(s)\"", JobState.Succeeded),
        Job("monte-carlo-pi", "awk 'BEGIN { srand(7); for (i = 0; i < 2000000; i++) { x = rand(); y = rand(); if (x*x + y*y < 1) n++ } printf \"pi ~ %.4f\\n\", 4*n/i }'", JobState.Succeeded),
        Job("two-core-step", "echo \"running with OMP_NUM_THREADS=$OMP_NUM_THREADS\"; sleep 2; echo done", JobState.Succeeded, cores: 2),
        Sweep("0.1"),
        Sweep("0.01"),
        Sweep("0.001"),
        Job("missing-input", "echo 'reading input.csv'; echo 'input.csv: No such file or directory' >&2; exit 3", JobState.Failed),
        Job("long-simulation", "echo 'simulating for 5 minutes'; sleep 300", JobState.Cancelled, cancel: true),
    ];

    private static DemoJob Sweep(string learningRate) =>
        Job($"train-lr-{learningRate}", "echo \"training with lr=$LR\"; sleep 1; awk -v lr=\"$LR\" 'BEGIN { printf \"validation loss %.3f\\n\", 0.2 + (lr - 0.01)^2 * 10 }'", JobState.Succeeded, environment: new() { ["LR"] = learningRate });

    private static DemoJob Job(string name, string script, JobState expected, int cores = 1, bool cancel = false, Dictionary<string, string>? environment = null) =>
        new(
            new JobSpec
            {
                Name = name,
                Command = ["/bin/sh", "-c", script],
                Environment = environment,
                Resources = new ResourceRequest { Cores = cores, Walltime = TimeSpan.FromMinutes(10) },
            },
            expected,
            cancel);
}
