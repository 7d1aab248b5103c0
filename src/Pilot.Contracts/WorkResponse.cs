namespace Pilot.Contracts;

/// <summary>The answer to a <see cref="WorkRequest"/>: one receipt per report, the renewed leases, new leases and orders.</summary>
public sealed record WorkResponse
{
    /// <summary>The request's sequence number: the answer is kept under it for a retry.</summary>
    public required long Sequence { get; init; }

    public IReadOnlyList<ReportReceipt> Reports { get; init; } = [];

    public IReadOnlyList<LeaseRenewal> Renewed { get; init; } = [];

    public IReadOnlyList<LeasedJob> Jobs { get; init; } = [];

    public IReadOnlyList<PilotCommand> Commands { get; init; } = [];
}
