namespace Pilot.Contracts;

/// <summary>A job as the server reports it.</summary>
public sealed record JobView
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required JobState State { get; init; }

    public string? Owner { get; init; }

    public required JobSpec Spec { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ExitCode { get; init; }

    public AttemptOutcome? LastOutcome { get; init; }

    /// <summary>Why the job is in its state, in words a person can act on.</summary>
    public string? Reason { get; init; }

    public int Attempts { get; init; }

    public string? PilotId { get; init; }

    public string? LogTail { get; init; }

    /// <summary>The job's entry in its batch: the array index, or the line or element number; null for a job submitted alone.</summary>
    public long? ArrayIndex { get; init; }
}
