namespace Pilot.Contracts;

/// <summary>A batch the server queued: its group, how many jobs, and whether this request made them (false: a retry).</summary>
public sealed record BatchSubmitted(string Group, int Count, bool Created);
