namespace Pilot.Contracts;

/// <summary>A page of a group's entries by index; pass <see cref="NextAfter"/> as <c>after</c> for the next page.</summary>
public sealed record GroupEntryPage(IReadOnlyList<GroupEntry> Entries, long? NextAfter);
