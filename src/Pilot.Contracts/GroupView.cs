namespace Pilot.Contracts;

/// <summary>A group of jobs (a sweep) and how far it has got: jobs per state.</summary>
public sealed record GroupView(string Group, int Total, IReadOnlyDictionary<JobState, int> States)
{
    /// <summary>True when no job of the group is waiting, queued or running.</summary>
    public bool Ended { get; init; }
}
