using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Charliecloud;

/// <summary>
/// <c>ch-run --bind=SRC:DST ... --cd=DIR [options] IMAGE -- CMD ARGS</c>. ch-run passes the environment through,
/// mounts the image read-only and binds host /tmp; it execs the payload itself, so it stays in the payload's process group.
/// </summary>
internal static class CharliecloudCommandLine
{
    public const string Program = "ch-run";

    public static IReadOnlyList<string> Build(ContainerInvocation invocation) =>
    [
        Program,
        .. invocation.Binds.Select(bind => $"--bind={bind.Source}:{bind.Target}"),
        $"--cd={invocation.WorkingDirectory}",
        .. invocation.Options,
        invocation.Image,
        "--",
        .. invocation.Command,
    ];
}
