using System.Globalization;

namespace Pilot.Agent.Allocation;

/// <summary>Reads the machine's memory from <c>/proc/meminfo</c>.</summary>
internal static class MemInfo
{
    public static long TotalMb(string path = "/proc/meminfo")
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        throw new InvalidDataException($"{path} has no MemTotal line");
    }
}
