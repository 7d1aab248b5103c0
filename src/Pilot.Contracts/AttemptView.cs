namespace Pilot.Contracts;

public sealed record AttemptView
{
    public required int Number { get; init; }

    public required string PilotId { get; init; }

    public string? Node { get; init; }

    public required AttemptOutcome Outcome { get; init; }

    public required DateTimeOffset LeasedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ExitCode { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<AttemptPhase>? Phases { get; init; }
}
