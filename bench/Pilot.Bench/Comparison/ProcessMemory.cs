namespace Pilot.Bench.Comparison;

/// <summary>A process's resident memory, from <c>/proc/PID/status</c>.</summary>
internal static class ProcessMemory
{
    public static long RssMb(int pid) => Field(pid, "VmRSS:") / 1024;

    public static long AnonymousMb(int pid) => Field(pid, "RssAnon:") / 1024;

    private static long Field(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).Single();
}
