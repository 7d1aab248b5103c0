using System.Text;

namespace Pilot.Testing;

/// <summary>Looks at the machine's real process table, to prove that nothing outlived a test.</summary>
public static class ProcessTable
{
    /// <summary>Processes whose environment or command line contains <paramref name="needle"/>.</summary>
    public static IReadOnlyList<int> Matching(string needle)
    {
        var bytes = Encoding.UTF8.GetBytes(needle);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(bytes) >= 0
                    || File.ReadAllBytes(Path.Combine(dir, "cmdline")).AsSpan().IndexOf(bytes) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone or not ours: neither can be a leftover of this test.
            }
        }

        return found;
    }
}
