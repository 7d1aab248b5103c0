using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pilot.Observability.Tests;

/// <summary>The Grafana dashboard shipped in packaging/grafana, read as the JSON Grafana imports.</summary>
internal sealed partial class GrafanaDashboard(JsonElement root)
{
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "assets", "pilot-dashboard.json");

    public JsonElement Root => root;

    /// <summary>Throws when the file is not valid JSON, as Grafana's import would refuse it.</summary>
    public static GrafanaDashboard Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return new GrafanaDashboard(document.RootElement.Clone());
    }

    public IReadOnlyList<string> Expressions() =>
        Root.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString() ?? "")
            .ToList();

    /// <summary>The metric names the PromQL expressions select (label values in quotes are not names).</summary>
    public IReadOnlySet<string> MetricNames() =>
        Expressions()
            .SelectMany(expr => Identifier().Matches(Quoted().Replace(expr, "\"\"")).Select(m => m.Value))
            .Where(name => name.StartsWith("pilot_", StringComparison.Ordinal) || name.StartsWith("http_", StringComparison.Ordinal))
            .ToHashSet();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
