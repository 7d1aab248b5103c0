using System.Globalization;

namespace Pilot.Slurm;

/// <summary>Slurm's per-node counts such as <c>SLURM_JOB_CPUS_PER_NODE=4(x2),2</c>: four on each of two nodes, then two.</summary>
public static class CpusPerNode
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var repeat = 1;
            var count = part;
            var open = part.IndexOf("(x", StringComparison.Ordinal);
            if (open > 0 && part.EndsWith(')'))
            {
                count = part[..open];
                if (!int.TryParse(part[(open + 2)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out repeat))
                {
                    throw new FormatException($"'{text}' is not a Slurm per-node count such as 4(x2),2");
                }
            }

            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{text}' is not a Slurm per-node count such as 4(x2),2");
            }

            counts.AddRange(Enumerable.Repeat(value, repeat));
        }

        return counts;
    }
}
