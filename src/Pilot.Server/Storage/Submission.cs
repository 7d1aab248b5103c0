using Pilot.Contracts;

namespace Pilot.Server.Storage;

/// <summary>A submitted job, and whether this submission made it (false: an earlier one with the same idempotency key did).</summary>
internal sealed record Submission(JobView Job, bool Created);
