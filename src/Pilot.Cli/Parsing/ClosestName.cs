namespace Pilot.Cli.Parsing;

/// <summary>The known name a mistyped one was most likely meant to be: a name it begins, or one a few edits away.</summary>
internal static class ClosestName
{
    public static string? To(string typed, IEnumerable<string> known)
    {
        var names = known.Distinct(StringComparer.Ordinal).ToList();
        var extended = names.Where(name => name.StartsWith(typed, StringComparison.Ordinal)).OrderBy(name => name.Length).FirstOrDefault();
        if (extended is not null)
        {
            return extended;
        }

        var allowed = Math.Max(2, typed.Length / 3);
        return names
            .Select(name => (Name: name, Distance: Distance(typed, name)))
            .Where(candidate => candidate.Distance <= allowed)
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
