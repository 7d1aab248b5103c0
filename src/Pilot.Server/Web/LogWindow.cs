namespace Pilot.Server.Web;

/// <summary>A piece of a job's log and where the next piece starts, for the page's live log.</summary>
internal sealed record LogWindow(string Text, long Offset, long NextOffset, bool Truncated);
