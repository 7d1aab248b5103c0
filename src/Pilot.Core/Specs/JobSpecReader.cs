using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Pilot.Contracts;

namespace Pilot.Core.Specs;

/// <summary>Reads a job spec from JSON or YAML text; every problem becomes a <see cref="JobSpecException"/> naming the field.</summary>
public static partial class JobSpecReader
{
    private static readonly Type[] SpecTypes = [typeof(JobSpec), typeof(ResourceRequest), typeof(RuntimeSpec), typeof(RetryPolicy), typeof(ClusterSpec)];

    public static SpecFormat FormatOf(string pathOrContentType) =>
        pathOrContentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) || pathOrContentType.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? SpecFormat.Yaml
            : SpecFormat.Json;

    public static JobSpec Read(string text, SpecFormat format)
    {
        var json = format == SpecFormat.Yaml ? YamlToJson.Convert(text) : text;
        try
        {
            return JsonSerializer.Deserialize(json, (JsonTypeInfo<JobSpec>)PilotJson.Strict.GetTypeInfo(typeof(JobSpec)))
                ?? throw new JobSpecException("spec", "is empty; expected an object with at least \"command\"");
        }
        catch (JsonException e)
        {
            throw new JobSpecException(Describe(e));
        }
    }

    private static IReadOnlyList<SpecError> Describe(JsonException e)
    {
        var field = FieldOf(e.Path);
        var unknown = UnknownMember().Match(e.Message);
        if (unknown.Success)
        {
            var name = unknown.Groups["name"].Value;
            var owner = SpecTypes.FirstOrDefault(t => t.FullName == unknown.Groups["type"].Value);
            var allowed = owner is null ? string.Empty : "; allowed fields: " + string.Join(", ", FieldsOf(owner));
            var parent = field.Contains('.', StringComparison.Ordinal) ? field[..field.LastIndexOf('.')] + "." : string.Empty;
            return [new SpecError(parent + name, "is not a known field" + allowed)];
        }

        var detail = e.InnerException?.Message ?? FirstSentence(e.Message);
        return [new SpecError(field, detail)];
    }

    private static IEnumerable<string> FieldsOf(Type type) =>
        PilotJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name);

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "spec" : path.TrimStart('$', '.');

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped to any .NET member contained in type '(?<type>[^']*)'")]
    private static partial Regex UnknownMember();
}
