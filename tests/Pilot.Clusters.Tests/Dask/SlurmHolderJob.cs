using CliWrap;
using CliWrap.Buffered;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.Dask;

/// <summary>A real Slurm allocation held by a sleeping batch job, for starting cluster daemons in it with srun; cancelled when disposed.</summary>
internal sealed class SlurmHolderJob : IAsyncDisposable
{
    private SlurmHolderJob(string jobId, string node)
    {
        JobId = jobId;
        Node = node;
    }

    public string JobId { get; }

    public string Node { get; }

    public static async Task<SlurmHolderJob> StartAsync(int cores)
    {
        var sbatch = Requirements.Command("sbatch", "scripts/services/slurm.sh starts Slurm");
        Requirements.Command("srun");
        var submitted = await CliWrap.Cli.Wrap(sbatch)
            .WithArguments(["--parsable", "--job-name=pilot-cluster-test", "--time=10", "--nodes=1", $"--cpus-per-task={cores}", "--mem=2048", "--output=/dev/null", "--wrap", "sleep 600"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Requirements.That(submitted.ExitCode == 0, $"sbatch accepts a job (scripts/services/slurm.sh starts Slurm): {submitted.StandardError.Trim()}");
        var jobId = submitted.StandardOutput.Trim().Split(';')[0];
        var node = await Eventually.UntilAsync(
            async () => (await CliWrap.Cli.Wrap("squeue").WithArguments(["-h", "-j", jobId, "-o", "%T %N"]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync()).StandardOutput.Trim(),
            state => state.StartsWith("RUNNING ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"Slurm job {jobId} to run");
        return new SlurmHolderJob(jobId, node.Split(' ')[1]);
    }

    public async ValueTask DisposeAsync() =>
        await CliWrap.Cli.Wrap("scancel").WithArguments([JobId]).WithValidation(CommandResultValidation.None).ExecuteAsync();
}
