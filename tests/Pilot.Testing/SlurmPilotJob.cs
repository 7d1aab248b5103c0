using System.Diagnostics;

namespace Pilot.Testing;

/// <summary>
/// A real <c>pilot agent</c> running as a Slurm batch job on the test cluster (scripts/services/slurm.sh), so that it
/// discovers its allocation from Slurm and starts job steps with srun. Cancelled with <c>scancel</c> when disposed.
/// </summary>
public sealed class SlurmPilotJob : IAsyncDisposable
{
    private SlurmPilotJob(string jobId, string outputFile)
    {
        JobId = jobId;
        OutputFile = outputFile;
    }

    public string JobId { get; }

    /// <summary>The batch job's output: the agent's log.</summary>
    public string OutputFile { get; }

    public string Output => File.Exists(OutputFile) ? File.ReadAllText(OutputFile) : "";

    /// <param name="sbatchOptions">Shape of the allocation, e.g. <c>--cpus-per-task=2</c>.</param>
    public static async Task<SlurmPilotJob> SubmitAsync(PilotServerProcess server, string workDirectory, int cores, params string[] sbatchOptions)
    {
        var sbatch = Requirements.Command("sbatch", "scripts/services/slurm.sh starts Slurm");
        Directory.CreateDirectory(workDirectory);
        var output = Path.Combine(workDirectory, "slurm-pilot.out");
        var agent = string.Join(' ', new[] { Executables.Dotnet, Executables.PilotDll }.Concat(PilotAgentProcess.Arguments(server, workDirectory, cores)).Select(Quote));
        var (exitCode, stdout, stderr) = await RunAsync(sbatch, ["--parsable", "--job-name=pilot-test", "--time=10", $"--output={output}", .. sbatchOptions, "--wrap", $"exec {agent}"]);
        Requirements.That(exitCode == 0, $"sbatch accepts a pilot job (scripts/services/slurm.sh starts Slurm): {stderr.Trim()}");
        return new SlurmPilotJob(stdout.Trim().Split(';')[0], output);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("scancel", [JobId]);
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync($"--- output of Slurm pilot job {JobId} ---\n{Output}");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Quote(string word) => $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
