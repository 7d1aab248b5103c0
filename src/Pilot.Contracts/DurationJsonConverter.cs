using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pilot.Contracts;

/// <summary>Reads durations as people write them (<c>90</c> seconds, <c>"30m"</c>, <c>"01:30:00"</c>, <c>"1-00:00:00"</c>) and writes <c>"HH:MM:SS"</c>.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDouble();
            return Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new JsonException($"{seconds} seconds is beyond any duration; write seconds (90), a unit (30s, 15m, 2h, 1d) or Slurm's [D-]HH:MM:SS");
        }

        var text = reader.GetString() ?? string.Empty;
        return Duration.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a duration; write seconds (90), a unit (30s, 15m, 2h, 1d) or Slurm's [D-]HH:MM:SS");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Duration.Format(value));
}
