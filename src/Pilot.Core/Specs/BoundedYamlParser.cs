using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pilot.Core.Specs;

/// <summary>
/// The only way Pilot reads YAML: the parser's events are checked one by one, before any node is built, so a
/// small text cannot become a large or deep graph. Anchors and aliases are refused (six levels of them turn
/// 450 bytes into ten million nodes), and so are nestings deeper than JSON's and more nodes than a spec needs.
/// A mapping that ends after a key without its value is a syntax error here: the library's parser emits that
/// sequence just before reporting the error, and its node loader fails on it with an exception that is no YAML error.
/// </summary>
internal sealed class BoundedYamlParser(string yaml) : IParser
{
    /// <summary>The depth System.Text.Json reads by default, so a YAML spec nests no deeper than a JSON one.</summary>
    public const int MaxDepth = 64;

    public const int MaxNodes = 100_000;

    private readonly Parser _parser = new(new StringReader(yaml));
    /// <summary>For each open collection, how many nodes it holds so far; null for a sequence.</summary>
    private readonly Stack<int?> _open = new();
    private int _nodes;

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        if (!_parser.MoveNext())
        {
            return false;
        }

        Check(_parser.Current!);
        return true;
    }

    private void Check(ParsingEvent current)
    {
        switch (current)
        {
            case AnchorAlias alias:
                throw Refused(current, $"uses the YAML alias '*{alias.Value}'; anchors and aliases are not accepted: write the value out");
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw Refused(current, $"defines the YAML anchor '&{node.Anchor}'; anchors and aliases are not accepted: write the value out");
        }

        if (current is NodeEvent)
        {
            if (++_nodes > MaxNodes)
            {
                throw Refused(current, $"has more than {MaxNodes} YAML nodes");
            }

            if (_open.TryPop(out var held))
            {
                _open.Push(held + 1);
            }
        }

        switch (current)
        {
            case SequenceStart or MappingStart when _open.Count == MaxDepth:
                throw Refused(current, $"nests more than {MaxDepth} levels deep");
            case SequenceStart:
                _open.Push(null);
                break;
            case MappingStart:
                _open.Push(0);
                break;
            case MappingEnd when _open.Pop() % 2 == 1:
                throw new SemanticErrorException(current.Start, current.End, "a mapping key has no value");
            case SequenceEnd:
                _open.Pop();
                break;
        }
    }

    private static RefusedYamlException Refused(ParsingEvent at, string problem) =>
        new($"{problem} (line {at.Start.Line}, column {at.Start.Column})");
}
