using System.Globalization;

namespace Pilot.Slurm;

/// <summary>Times as Slurm prints them: local wall-clock timestamps without a zone, or NONE/Unknown/N/A.</summary>
public static class SlurmTime
{
    /// <summary>Null for NONE, Unknown, N/A or an empty answer (no limit, or not known yet).</summary>
    public static DateTimeOffset? ParseTimestamp(string text, TimeZoneInfo zone)
    {
        var trimmed = text.Trim();
        if (!DateTime.TryParseExact(trimmed, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
