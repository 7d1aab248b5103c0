namespace Pilot.Bench.Comparison;

/// <summary>CPU a process has used, from <c>/proc/PID/stat</c>.</summary>
internal static class ProcessCpu
{
    /// <summary>User plus system time in clock ticks (100 per second on Linux); 0 once the process is gone.</summary>
    public static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
