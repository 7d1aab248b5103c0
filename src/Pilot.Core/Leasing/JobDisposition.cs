using Pilot.Contracts;

namespace Pilot.Core.Leasing;

/// <summary>Where a job goes after an attempt ends, and why.</summary>
public sealed record JobDisposition(JobState State, string Reason);
