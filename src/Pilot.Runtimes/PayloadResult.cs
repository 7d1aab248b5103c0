using Pilot.Contracts;

namespace Pilot.Runtimes;

/// <summary>How a payload ended. A non-zero exit is a result, not an exception.</summary>
public sealed record PayloadResult(AttemptOutcome Outcome, int? ExitCode, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Reason);
