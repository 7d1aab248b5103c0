using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pilot.Core.Specs;

/// <summary>Turns a YAML document into JSON with the YAML 1.2 core schema's types, so YAML and JSON specs share one reader.</summary>
internal static partial class YamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new BoundedYamlParser(yaml));
        }
        catch (RefusedYamlException e)
        {
            throw new JobSpecException("spec", e.Message);
        }
        catch (YamlException e)
        {
            throw new JobSpecException("spec", $"is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // The scanner fails this way on some unterminated constructs; there is no position to give.
            throw new JobSpecException("spec", $"is not valid YAML: {e.Message} (look for an unclosed bracket or quote)");
        }

        if (stream.Documents.Count == 0)
        {
            throw new JobSpecException("spec", "is empty; expected a mapping with at least 'command'");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, stream.Documents[0].RootNode);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key as YamlScalarNode
                        ?? throw new JobSpecException("spec", $"has a YAML key that is not a plain name (line {key.Start.Line}, column {key.Start.Column}); keys must be strings such as 'command'");
                    writer.WritePropertyName(name.Value ?? string.Empty);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // The bounded parser refuses aliases, so what is left is a scalar.
                WriteScalar(writer, (YamlScalarNode)node);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text.StartsWith('t') || text.StartsWith('T'));
        }
        else if (NumberPattern().IsMatch(text))
        {
            writer.WriteRawValue(text.TrimStart('+'));
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
