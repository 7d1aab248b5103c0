using System.Globalization;
using Pilot.Slurm;

namespace Pilot.Agent.Allocation;

/// <summary>GPU indices from Slurm's and CUDA's variables (<c>0,1</c>) or from <c>nvidia-smi -L</c> lines (<c>GPU 0: ...</c>).</summary>
internal static class GpuList
{
    public static SlurmCommand NvidiaSmi { get; } = new("nvidia-smi", ["-L"]);

    /// <summary>Null when the value is not a list of indices (e.g. CUDA UUIDs, or <c>NoDevFiles</c>).</summary>
    public static IReadOnlyList<int>? ParseIndices(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }

    public static IReadOnlyList<int> ParseNvidiaSmi(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("GPU ", StringComparison.Ordinal))
            .Select(line => line[4..].Split(':', 2)[0])
            .Select(index => int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)
            .ToList();
}
