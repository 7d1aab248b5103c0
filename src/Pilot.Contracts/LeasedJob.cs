namespace Pilot.Contracts;

/// <summary>A job handed to a pilot for one attempt. The fencing token must accompany every report about it.</summary>
public sealed record LeasedJob
{
    public required long JobId { get; init; }

    public required string LeaseId { get; init; }

    public required long FencingToken { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required int Attempt { get; init; }

    public required JobSpec Spec { get; init; }

    /// <summary>When the job was submitted; the time from there to its first lease is its wait in the queue.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
}
