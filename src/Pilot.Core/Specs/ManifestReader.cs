using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pilot.Core.Specs;

/// <summary>Reads the outline of every object in a multi-document Kubernetes YAML text, naming the document that is wrong.</summary>
public static class ManifestReader
{
    public static IReadOnlyList<ManifestOutline> Outline(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new BoundedYamlParser(yaml));
        }
        catch (RefusedYamlException e)
        {
            throw new FormatException(e.Message, e);
        }
        catch (YamlException e)
        {
            throw new FormatException($"is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var outlines = new List<ManifestOutline>();
        foreach (var (document, index) in stream.Documents.Select((d, i) => (d, i + 1)))
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            if (document.RootNode is not YamlMappingNode root)
            {
                throw new FormatException($"document {index} is not a mapping; each document must be one Kubernetes object");
            }

            var apiVersion = Scalar(root, "apiVersion");
            var kind = Scalar(root, "kind");
            var name = root.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode meta ? Scalar(meta, "name") : null;
            if (apiVersion is null || kind is null || name is null)
            {
                throw new FormatException($"document {index} needs apiVersion, kind and metadata.name");
            }

            outlines.Add(new ManifestOutline(apiVersion, kind, name));
        }

        return outlines;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
}
