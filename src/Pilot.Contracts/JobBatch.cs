namespace Pilot.Contracts;

/// <summary>
/// Many jobs in one request and one transaction, all in one group. Either a <see cref="Template"/> expanded over an
/// <see cref="Array"/> of indices (<c>PILOT_ARRAY_INDEX</c>) or over <see cref="Entries"/> (one job per entry, in
/// <c>PILOT_ARRAY_ENTRY</c>), or a list of whole <see cref="Jobs"/>. Submitting the same batch again with the same
/// idempotency key creates nothing and returns the first answer.
/// </summary>
public sealed record JobBatch
{
    public JobSpec? Template { get; init; }

    public ArrayRange? Array { get; init; }

    public IReadOnlyList<string>? Entries { get; init; }

    public IReadOnlyList<JobSpec>? Jobs { get; init; }

    /// <summary>The group the jobs join; null: a new one is made up.</summary>
    public string? Group { get; init; }

    public string? IdempotencyKey { get; init; }
}
