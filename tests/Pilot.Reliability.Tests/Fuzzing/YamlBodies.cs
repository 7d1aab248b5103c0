using System.Text;
using System.Text.Json.Nodes;

namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>
/// Job specs as YAML: the sample written as block YAML, then broken at the character level or joined with YAML made
/// to hurt a reader (aliases that expand, complex keys, nesting thousands deep, tags, directives, several documents).
/// </summary>
internal sealed class YamlBodies(int seed)
{
    private readonly Random _random = new(seed);

    private const string Special = ":-?&*!|>{}[],#%@'\"\t\n ";

    private static readonly string[] Hostile =
    [
        AliasBomb(6),
        "? [x, y]\n: 1\n",
        "? {a: 1}\n: 2\n",
        "[a, b]: c\n",
        "{a: 1}: 2\n",
        "? \n: x\n",
        "~: 1\n",
        "123: x\n",
        "labels: " + new string('[', 20_000) + new string(']', 20_000) + "\n",
        "labels: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "x" + new string('}', 20_000) + "\n",
        "labels:\n" + string.Concat(Enumerable.Range(1, 700).Select(depth => new string(' ', depth) + "a:\n")) + new string(' ', 701) + "x\n",
        "labels: " + string.Concat(Enumerable.Repeat("- ", 20_000)) + "x\n",
        "name: !!binary aGVsbG8=\n",
        "name: !custom x\n",
        "labels: !!set {a, b}\n",
        "%YAML 1.1\n---\n",
        "%TAG ! tag:example.com,2000:\n---\n",
        "<<: *base\n",
        "base: &base {cores: 1}\nresources:\n  <<: *base\n",
        "name: &a x\nqueue: *a\n",
        "command: [a]\ncommand: [b]\n",
        "---\n...\n---\nname: second\n",
        "\tname: y\n",
        "name: \"unterminated\n",
        "name: {\n",
        "name: |\n  text\n   more\n",
        "name: >-\n  folded\n",
        "\uFEFFname: bom\n",
        "name: \u0000\n",
        "name: \"\\uD83D\"\n",
        "labels: {" + string.Join(", ", Enumerable.Range(0, 60_000).Select(i => $"k{i}: v")) + "}\n",
        "environment: {A: [1, 2]}\n",
        "resources: {cores: 1e999}\n",
        "resources: {cores: 0x10}\n",
        "resources: {walltime: 1:30}\n",
    ];

    public (string ContentType, byte[] Body) Next(JsonNode sample)
    {
        var yaml = Block(sample, 0);
        var roll = _random.NextDouble();
        var text = roll switch
        {
            < 0.4 => _random.Next(2) == 0 ? Hostile[_random.Next(Hostile.Length)] + yaml : yaml + Hostile[_random.Next(Hostile.Length)],
            < 0.8 => Break(yaml),
            _ => Break(sample.ToJsonString()),
        };
        return (_random.Next(2) == 0 ? "application/yaml" : "application/yaml; charset=utf-8", Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Inserts, deletes or swaps a few characters, mostly YAML's own punctuation.</summary>
    private string Break(string text)
    {
        var builder = new StringBuilder(text);
        for (var edits = _random.Next(1, 6); edits > 0 && builder.Length > 0; edits--)
        {
            var at = _random.Next(builder.Length);
            switch (_random.Next(3))
            {
                case 0:
                    builder.Insert(at, Special[_random.Next(Special.Length)]);
                    break;
                case 1:
                    builder.Remove(at, 1);
                    break;
                default:
                    builder[at] = Special[_random.Next(Special.Length)];
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The tree as block YAML, with scalars quoted or plain at random.</summary>
    private string Block(JsonNode? node, int indent)
    {
        var pad = new string(' ', indent);
        return node switch
        {
            JsonObject obj when obj.Count > 0 => string.Concat(obj.Select(pair => pair.Value is JsonObject or JsonArray
                ? $"{pad}{pair.Key}:\n{Block(pair.Value, indent + 2)}"
                : $"{pad}{pair.Key}: {Scalar(pair.Value)}\n")),
            JsonArray array when array.Count > 0 => string.Concat(array.Select(item => item is JsonObject or JsonArray
                ? $"{pad}-\n{Block(item, indent + 2)}"
                : $"{pad}- {Scalar(item)}\n")),
            JsonObject => pad + "{}\n",
            JsonArray => pad + "[]\n",
            _ => pad + Scalar(node) + "\n",
        };
    }

    private string Scalar(JsonNode? value) =>
        value is null ? "~" : _random.Next(3) == 0 ? value.ToJsonString() : value.ToString();

    private static string AliasBomb(int levels)
    {
        var lines = new List<string> { "a0: &a0 [" + string.Join(",", Enumerable.Repeat("lol", 10)) + "]" };
        for (var level = 1; level <= levels; level++)
        {
            lines.Add($"a{level}: &a{level} [" + string.Join(",", Enumerable.Repeat($"*a{level - 1}", 10)) + "]");
        }

        lines.Add($"labels: {{k: *a{levels}}}");
        return string.Join('\n', lines) + "\n";
    }
}
