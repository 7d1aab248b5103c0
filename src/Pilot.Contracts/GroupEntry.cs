namespace Pilot.Contracts;

/// <summary>One entry of a group (array index, line or element) with the job that stands for it now.</summary>
public sealed record GroupEntry(long Index, long JobId, JobState State, int? ExitCode, string? Reason);
