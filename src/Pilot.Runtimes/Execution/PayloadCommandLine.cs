namespace Pilot.Runtimes.Execution;

/// <summary>
/// The exact words spawned for a payload: the payload itself, or, where the spawn alone cannot set it up, a shell that
/// moves itself into the payload's memory cgroup (or into its working directory, on glibc older than 2.29) before it
/// becomes the payload.
/// </summary>
internal static class PayloadCommandLine
{
    /// <summary>Joins the cgroup named by <c>$0</c> (its <c>cgroup.procs</c>), then runs the payload in its place.</summary>
    public const string JoinCgroupScript = "echo $$ > \"$0\" && exec \"$@\"";

    /// <summary>Changes to the directory named by <c>$0</c>, then runs the payload in its place.</summary>
    public const string ChangeDirectoryScript = "cd -- \"$0\" && exec \"$@\"";

    public static IReadOnlyList<string> Build(PayloadCommand payload, string? cgroupProcsFile, bool spawnChangesDirectory)
    {
        var words = new List<string>();
        if (!spawnChangesDirectory)
        {
            words.AddRange(["/bin/sh", "-c", ChangeDirectoryScript, payload.WorkingDirectory]);
        }

        if (cgroupProcsFile is not null)
        {
            words.AddRange(["/bin/sh", "-c", JoinCgroupScript, cgroupProcsFile]);
        }

        words.Add(payload.Program);
        words.AddRange(payload.Arguments);
        return words;
    }
}
