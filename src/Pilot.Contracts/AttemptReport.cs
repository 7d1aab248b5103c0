namespace Pilot.Contracts;

/// <summary>How an attempt ended, sent by the pilot that held the lease.</summary>
public sealed record AttemptReport
{
    public required long FencingToken { get; init; }

    public required AttemptOutcome Outcome { get; init; }

    public int? ExitCode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public string? Reason { get; init; }

    public string? LogTail { get; init; }

    /// <summary>True when <see cref="LogTail"/> is the payload's whole log and none of it was shipped: the server keeps it as the log.</summary>
    public bool LogTailIsWholeLog { get; init; }

    /// <summary>Setup, payload and report as the pilot timed them; the server adds the lease phase.</summary>
    public IReadOnlyList<AttemptPhase>? Phases { get; init; }
}
