using System.Text.Json;

namespace Pilot.Server.Storage;

/// <summary>Enums are stored as the same snake_case words the API uses, so the database reads like the API.</summary>
internal static class StoredEnum
{
    public static string Text<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}");

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        return text is not null && !text.Any(char.IsDigit)
            && Enum.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out value);
    }
}
