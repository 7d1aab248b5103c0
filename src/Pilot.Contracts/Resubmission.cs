namespace Pilot.Contracts;

/// <summary>Submits again the entries of a group whose job ended in one of <see cref="States"/>, as new jobs in the same group.</summary>
public sealed record Resubmission(IReadOnlyList<JobState> States);
