namespace Pilot.Core.Sweeps;

/// <summary>
/// A hyper-parameter scan: <c>lr=0.1,0.01</c> and <c>batch=32,64</c> give one point per combination (4 here), each an
/// environment for one job. Points come in a stable order: the first parameter varies slowest.
/// </summary>
public sealed record Sweep(IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Parameters)
{
    /// <summary>More points than this is a typo in a value list, not a scan anyone meant to submit at once.</summary>
    public const int MaxPoints = 10_000;

    public static Sweep Parse(IEnumerable<string> definitions)
    {
        var parameters = new List<(string, IReadOnlyList<string>)>();
        foreach (var definition in definitions)
        {
            var equals = definition.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? definition[..equals].Trim() : "";
            var values = equals > 0 ? definition[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            if (name.Length == 0 || values.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                throw new ArgumentException($"--sweep '{definition}' must look like NAME=VALUE1,VALUE2 with NAME an environment variable name, e.g. --sweep lr=0.1,0.01");
            }

            if (parameters.Any(p => p.Item1 == name))
            {
                throw new ArgumentException($"--sweep {name} is given twice; put all its values in one list");
            }

            parameters.Add((name, values.Distinct().ToList()));
        }

        var sweep = new Sweep(parameters);
        return sweep.Count <= MaxPoints
            ? sweep
            : throw new ArgumentException($"the sweep has {sweep.Count} combinations; at most {MaxPoints} are submitted at once");
    }

    public long Count => Parameters.Aggregate(1L, (product, p) => product * p.Values.Count);

    public IEnumerable<IReadOnlyDictionary<string, string>> Points()
    {
        IEnumerable<IReadOnlyDictionary<string, string>> points = [new Dictionary<string, string>()];
        foreach (var (name, values) in Parameters)
        {
            points = points.SelectMany(point => values.Select(value => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(point) { [name] = value }));
        }

        return points;
    }

    /// <summary>A job name that tells the points apart: <c>train[lr=0.1,batch=32]</c>.</summary>
    public static string NameOf(string baseName, IReadOnlyDictionary<string, string> point) =>
        $"{baseName}[{string.Join(',', point.Select(p => $"{p.Key}={p.Value}"))}]";
}
