namespace Pilot.Contracts;

/// <summary>One ended attempt's report inside a <see cref="WorkRequest"/>.</summary>
public sealed record LeaseReport(string LeaseId, AttemptReport Report);
