namespace Pilot.Runtimes.Execution;

/// <summary>
/// The exact command line that starts a payload: <c>setsid</c> for its own session and process group, then, where
/// available, <c>setpriv --pdeathsig KILL</c> so it dies with a pilot that is killed outright, then a shell that
/// moves itself into the payload's memory cgroup before it becomes the payload.
/// </summary>
internal static class PayloadCommandLine
{
    /// <summary>Joins the cgroup named by <c>$0</c> (its <c>cgroup.procs</c>), then runs the payload in its place.</summary>
    public const string JoinCgroupScript = "echo $$ > \"$0\" && exec \"$@\"";

    private static readonly string[] SetprivPaths = ["/usr/bin/setpriv", "/bin/setpriv"];

    public static IReadOnlyList<string> Build(PayloadCommand payload, string? setpriv, string? cgroupProcsFile)
    {
        var words = new List<string> { "setsid" };
        if (setpriv is not null)
        {
            words.AddRange([setpriv, "--pdeathsig", "KILL", "--"]);
        }

        if (cgroupProcsFile is not null)
        {
            words.AddRange(["/bin/sh", "-c", JoinCgroupScript, cgroupProcsFile]);
        }

        words.Add(payload.Program);
        words.AddRange(payload.Arguments);
        return words;
    }

    /// <summary>util-linux <c>setpriv</c> (2.33 or later has <c>--pdeathsig</c>), or null when the node lacks it.</summary>
    public static string? FindSetpriv() => SetprivPaths.FirstOrDefault(File.Exists);
}
