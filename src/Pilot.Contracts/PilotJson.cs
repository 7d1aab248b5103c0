using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pilot.Contracts;

/// <summary>The one JSON shape of the API, job spec files and the CLI's <c>--output json</c>: snake_case, enums as words.</summary>
public static class PilotJson
{
    /// <summary>For reading what the server sends and for writing anything.</summary>
    public static JsonSerializerOptions Options { get; } = Create(JsonUnmappedMemberHandling.Skip);

    /// <summary>For reading what a person wrote: an unknown field is an error, not something silently ignored.</summary>
    public static JsonSerializerOptions Strict { get; } = Create(JsonUnmappedMemberHandling.Disallow);

    /// <summary>For showing JSON to people.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>
    /// For input from outside: <c>null</c> where the contract has no nullable type, or a missing constructor
    /// parameter, is an error naming the field rather than a null deep inside the server.
    /// </summary>
    public static void RejectMissingAndNull(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }

    private static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = unmapped };
        Configure(options);
        if (unmapped == JsonUnmappedMemberHandling.Disallow)
        {
            RejectMissingAndNull(options);
        }

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
