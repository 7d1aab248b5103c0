using System.Diagnostics;
using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace Pilot.Bench.Comparison;

/// <summary>What users do without a pilot: run N no-op payloads with the shell, xargs, GNU parallel, or one sbatch each.</summary>
internal static class Baselines
{
    public static Task<TimeSpan> BashLoopAsync(int count) =>
        TimeShellAsync($"for i in $(seq {count}); do /bin/true; done");

    public static Task<TimeSpan> XargsAsync(int count, int parallelism) =>
        TimeShellAsync($"seq {count} | xargs -P{parallelism} -n1 /bin/true");

    public static Task<TimeSpan> GnuParallelAsync(int count, int parallelism) =>
        TimeShellAsync($"seq {count} | parallel --will-cite -j{parallelism} /bin/true");

    /// <summary>
    /// Dask (Debian's python3-distributed): a <c>LocalCluster</c> of <paramref name="workers"/> single-threaded worker
    /// processes running <c>subprocess.run(['/bin/true'])</c> through <c>client.map</c>; the cluster's start is not counted.
    /// </summary>
    public static async Task<TimeSpan?> DaskAsync(int count, int workers)
    {
        const string script = """
            import subprocess, sys, time
            from distributed import Client, LocalCluster
            def run(_):
                return subprocess.run(['/bin/true']).returncode
            if __name__ == '__main__':
                n, workers = int(sys.argv[1]), int(sys.argv[2])
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
                    start = time.monotonic()
                    assert sum(client.gather(client.map(run, range(n), pure=False))) == 0
                    print(time.monotonic() - start)
            """;
        var file = Path.Combine(Path.GetTempPath(), $"pilot-bench-dask-{Environment.ProcessId}.py");
        await File.WriteAllTextAsync(file, script);
        try
        {
            // Debian's own interpreter: the one that sees python3-distributed, whatever python3 comes first on PATH.
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var result = await CliWrap.Cli.Wrap(python).WithArguments([file, count.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture)])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            return result.ExitCode == 0
                ? TimeSpan.FromSeconds(double.Parse(result.StandardOutput.Trim().Split('\n')[^1], CultureInfo.InvariantCulture))
                : null;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One batch job per payload on the local Slurm, from the first <c>sbatch</c> until none is left in the queue.</summary>
    public static async Task<TimeSpan> SbatchAsync(int count, CancellationToken cancellationToken)
    {
        var name = $"pilot-bench-{Environment.ProcessId}";
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await CliWrap.Cli.Wrap("sbatch").WithArguments(["--job-name", name, "--output", "/dev/null", "--wrap", "/bin/true"]).ExecuteBufferedAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var queued = await CliWrap.Cli.Wrap("squeue").WithArguments(["-h", "-n", name, "-o", "%i"]).ExecuteBufferedAsync(cancellationToken);
            if (queued.StandardOutput.Trim().Length == 0)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new OperationCanceledException(cancellationToken);
    }

    public static bool Has(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));

    private static async Task<TimeSpan> TimeShellAsync(string script)
    {
        var clock = Stopwatch.StartNew();
        var result = await CliWrap.Cli.Wrap("/bin/bash").WithArguments(["-c", script]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"'{script}' exited {result.ExitCode}: {result.StandardError}"));
        }

        return clock.Elapsed;
    }
}
