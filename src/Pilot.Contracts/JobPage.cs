namespace Pilot.Contracts;

/// <summary>One page of jobs, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next page.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, long? NextBefore);
