namespace Pilot.Bench.Slurm;

/// <summary>One pilot batch job's way from <c>sbatch</c> to its first payload, and how Slurm saw it end.</summary>
/// <param name="Accepted">Until <c>sbatch</c> (run through <c>su</c>) returned the job id.</param>
internal sealed record StartupSample(string BatchJobId, TimeSpan Accepted, TimeSpan Running, TimeSpan Registered, TimeSpan PayloadStarted, string SlurmEnd);
