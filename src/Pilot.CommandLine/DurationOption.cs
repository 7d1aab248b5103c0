using System.CommandLine;
using Pilot.Contracts;

namespace Pilot.CommandLine;

/// <summary>An option that takes a duration as people write it: 90, 30s, 15m, 2h, 01:30:00.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description + " (e.g. 90, 30s, 15m, 2h, 01:30:00)",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Duration.TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a duration; write seconds (90), a unit (30s, 15m, 2h) or HH:MM:SS");
            return null;
        },
    };

    /// <summary>The form configuration binding reads back into a <see cref="TimeSpan"/>.</summary>
    public static string? ToConfig(TimeSpan? value) => value?.ToString("c");
}
