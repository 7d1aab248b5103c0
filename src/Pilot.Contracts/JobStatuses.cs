namespace Pilot.Contracts;

/// <summary>The statuses of the asked jobs that exist, in the order asked, and the ids that name no job the caller can see.</summary>
public sealed record JobStatuses(IReadOnlyList<JobStatus> Jobs, IReadOnlyList<long> Missing);
