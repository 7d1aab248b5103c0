namespace Pilot.Contracts;

/// <summary>The line a payload's log ends with when its output was cut at a cap, by the agent or by the server; readers find it by <see cref="Prefix"/>.</summary>
public static class LogTruncation
{
    public const string Prefix = "[pilot] log truncated";

    /// <summary>The marker for a log cut at <paramref name="cap"/> bytes; <paramref name="detail"/> says by whom and what was dropped.</summary>
    public static string Marker(long cap, string detail) => $"\n{Prefix} at {cap} bytes{detail}\n";
}
