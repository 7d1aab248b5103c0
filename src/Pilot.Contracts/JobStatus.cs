namespace Pilot.Contracts;

/// <summary>The little a workflow engine polls for: where a job is and, once it ended, how and why.</summary>
public sealed record JobStatus(long Id, JobState State)
{
    public int? ExitCode { get; init; }

    public AttemptOutcome? LastOutcome { get; init; }

    public string? Reason { get; init; }

    public int Attempts { get; init; }
}
