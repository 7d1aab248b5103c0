using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        options.Converters.Add(new JsonStringEnumConverter<AttemptOutcome>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<JobState>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<PilotCommandKind>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<TokenRole>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            // The server's own types (its web page, its stored records) go through the same options.
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        }
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

        options.TypeInfoResolver = Resolver();
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Reflection where the runtime has it, so JSON people wrote keeps the defaults of the properties they left out
    /// (source-generated metadata loses the initializers of absent init-only properties: dotnet/runtime#84484);
    /// the generated <see cref="PilotJsonContext"/> where it has not (the Native AOT agent, which reads only what the
    /// server and the agent itself wrote, every non-null property present).
    /// </summary>
    private static IJsonTypeInfoResolver Resolver() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : PilotJsonContext.Default;
}
