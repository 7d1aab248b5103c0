namespace Pilot.Runtimes.Execution;

/// <summary>Ends whatever an attempt left running, found by its marker and its memory cgroup; used after a pilot restart.</summary>
public static class AttemptCleanup
{
    /// <summary>Kills the attempt's leftover processes and removes its cgroup; returns how many processes were killed.</summary>
    public static async Task<int> KillLeftoversAsync(string marker, string? memoryCgroupRoot, TimeProvider time)
    {
        var killed = MarkerSweeper.Sweep(marker);
        if (memoryCgroupRoot is not null && Directory.Exists(Path.Combine(memoryCgroupRoot, marker)))
        {
            var cgroup = new MemoryCgroup(Path.Combine(memoryCgroupRoot, marker));
            killed += cgroup.KillAll();
            await cgroup.RemoveAsync(time);
        }

        return killed;
    }
}
