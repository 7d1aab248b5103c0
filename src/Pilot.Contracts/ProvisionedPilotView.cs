namespace Pilot.Contracts;

/// <summary>A pilot batch job the server's provisioner submitted, as Slurm and the server see it.</summary>
public sealed record ProvisionedPilotView
{
    /// <summary>Null when sbatch refused the job (see <see cref="Reason"/>).</summary>
    public string? BatchJobId { get; init; }

    public required string Queue { get; init; }

    /// <summary>pending, running, finished or failed.</summary>
    public required string State { get; init; }

    /// <summary>Slurm's own state (PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, ...).</summary>
    public string? SlurmState { get; init; }

    /// <summary>Why it is pending or failed, in Slurm's or sbatch's words.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The pilot the batch job registered as; null until (or if never) it did.</summary>
    public string? PilotId { get; init; }
}
