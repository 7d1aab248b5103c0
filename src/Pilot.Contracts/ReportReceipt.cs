namespace Pilot.Contracts;

/// <summary>What the server did with one report: accepted (stored, the job moved on), or refused for good, saying why.</summary>
public sealed record ReportReceipt(string LeaseId, bool Accepted, string? Refusal = null);
