using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pilot.Testing;

/// <summary>Reads an agent's append-only work files as a restarted agent does: the entries set and not removed since.</summary>
public static class AgentWorkFiles
{
    /// <summary>Attempts begun and not ended (<c>WORK/running.jsonl</c>), as their leases.</summary>
    public static IReadOnlyList<T> Running<T>(string workDirectory, JsonSerializerOptions options) =>
        [.. Live(Path.Combine(workDirectory, "running.jsonl")).Select(node => node.Deserialize<T>(options)!)];

    public static int RunningCount(string workDirectory) => Live(Path.Combine(workDirectory, "running.jsonl")).Count;

    /// <summary>Results not yet delivered to the server (<c>WORK/journal.jsonl</c>).</summary>
    public static int JournaledCount(string workDirectory) => Live(Path.Combine(workDirectory, "journal.jsonl")).Count;

    private static List<JsonNode> Live(string path)
    {
        var live = new Dictionary<string, JsonNode>();
        if (!File.Exists(path))
        {
            return [];
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
        {
            if (JsonNode.Parse(line) is not JsonObject entry || entry["key"]?.GetValue<string>() is not { } key)
            {
                continue;
            }

            if (entry["value"] is { } value)
            {
                live[key] = value;
            }
            else
            {
                live.Remove(key);
            }
        }

        return [.. live.Values];
    }
}
