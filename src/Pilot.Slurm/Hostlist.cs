using System.Globalization;

namespace Pilot.Slurm;

/// <summary>
/// Slurm's compressed host lists (<c>node[01-03,07],gpu5</c>, <c>rack[1-2]-n[1-2]</c>) expanded to names, as
/// <c>scontrol show hostnames</c> does; zero padding of a range's lower bound is kept.
/// </summary>
public static class Hostlist
{
    /// <summary>Throws <see cref="FormatException"/> naming the bad part when the list is malformed.</summary>
    public static IReadOnlyList<string> Expand(string hostlist)
    {
        var names = new List<string>();
        foreach (var item in SplitTopLevel(hostlist.Trim(), hostlist))
        {
            names.AddRange(ExpandItem(item, hostlist));
        }

        return names;
    }

    private static List<string> SplitTopLevel(string text, string whole)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (depth is < 0 or > 1)
            {
                throw new FormatException($"host list '{whole}' has unbalanced or nested brackets");
            }

            if (c == ',' && depth == 0)
            {
                var item = text[start..i].Trim();
                if (item.Length == 0)
                {
                    throw new FormatException($"host list '{whole}' has an empty entry");
                }

                items.Add(item);
                start = i + 1;
            }
        }

        if (depth != 0)
        {
            throw new FormatException($"host list '{whole}' has an unclosed '['");
        }

        return items;
    }

    private static IEnumerable<string> ExpandItem(string item, string whole)
    {
        var open = item.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            if (item.Contains(']', StringComparison.Ordinal))
            {
                throw new FormatException($"host list '{whole}' has a ']' without '['");
            }

            return [item];
        }

        var close = item.IndexOf(']', open);
        var prefix = item[..open];
        var suffixes = ExpandItem(item[(close + 1)..] is { Length: > 0 } rest ? rest : "\0", whole).ToList();
        return Numbers(item[(open + 1)..close], whole)
            .SelectMany(number => suffixes.Select(suffix => prefix + number + suffix.TrimEnd('\0')));
    }

    private static IEnumerable<string> Numbers(string ranges, string whole)
    {
        foreach (var range in ranges.Split(','))
        {
            var bounds = range.Split('-');
            if (bounds.Length is < 1 or > 2 || bounds.Any(b => b.Length == 0 || !b.All(char.IsAsciiDigit)))
            {
                throw new FormatException($"host list '{whole}' has a bad range '{range}'; ranges look like 01-03 or 7");
            }

            var low = long.Parse(bounds[0], CultureInfo.InvariantCulture);
            var high = long.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (high < low || high - low > 100_000)
            {
                throw new FormatException($"host list '{whole}' has a bad range '{range}'");
            }

            var width = bounds[0].Length;
            for (var n = low; n <= high; n++)
            {
                yield return n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            }
        }
    }
}
