using System.Globalization;

namespace Pilot.Contracts;

/// <summary>Durations in the forms HPC users write them: seconds, a unit suffix, or Slurm's <c>[D-]HH:MM:SS</c>.</summary>
public static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? parsed = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            value = parsed ?? default;
            return parsed is not null;
        }

        return TryParseSlurm(text, out value);
    }

    /// <summary>Slurm's time formats: MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.</summary>
    public static bool TryParseSlurm(string text, out TimeSpan value)
    {
        value = default;
        var days = 0;
        var clock = text;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            if (!int.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return false;
            }

            clock = text[(dash + 1)..];
        }

        var parts = clock.Split(':');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        (int h, int m, int s)? hms = (dash > 0, numbers.Length) switch
        {
            (false, 2) => (0, numbers[0], numbers[1]),
            (_, 3) => (numbers[0], numbers[1], numbers[2]),
            (true, 1) => (numbers[0], 0, 0),
            (true, 2) => (numbers[0], numbers[1], 0),
            _ => null,
        };
        if (hms is not { } t)
        {
            return false;
        }

        value = new TimeSpan(days, t.h, t.m, t.s);
        return true;
    }

    /// <summary>Slurm's <c>[D-]HH:MM:SS</c>, as <c>--time</c> takes it and <see cref="TryParseSlurm"/> reads it back.</summary>
    public static string Format(TimeSpan value) =>
        value.Days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value.Days}-{value.Hours:00}:{value.Minutes:00}:{value.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{value.Hours:00}:{value.Minutes:00}:{value.Seconds:00}");
}
