namespace Pilot.Slurm.Submission;

/// <summary>Submits a rendered pilot batch job with <c>sbatch --parsable</c> and returns its job id.</summary>
public static class PilotJobSubmitter
{
    public static async Task<string> SubmitAsync(SlurmCli slurm, string script, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pilot-{Guid.NewGuid():N}.sbatch");
        await File.WriteAllTextAsync(path, script, cancellationToken);
        try
        {
            var output = await slurm.RunAsync(SlurmCommands.Submit(path), cancellationToken);
            var jobId = output.Trim().Split(';')[0];
            return jobId.Length > 0 && jobId.All(char.IsAsciiDigit)
                ? jobId
                : throw new SlurmException($"sbatch answered '{output.Trim()}' instead of a job id", SlurmCommands.Submit(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
