using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Bubblewrap;

/// <summary>
/// <c>bwrap --ro-bind ROOT / --proc /proc --dev /dev --tmpfs /tmp --bind SRC DST ... --chdir DIR --unshare-pid
/// --die-with-parent [options] -- CMD ARGS</c>: a private PID namespace whose processes all die with bwrap.
/// </summary>
internal static class BubblewrapCommandLine
{
    public const string Program = "bwrap";

    public static IReadOnlyList<string> Build(ContainerInvocation invocation) =>
    [
        Program,
        "--ro-bind", invocation.Image, "/",
        "--proc", "/proc",
        "--dev", "/dev",
        "--tmpfs", "/tmp",
        .. invocation.Binds.SelectMany(bind => new[] { bind.ReadOnly ? "--ro-bind" : "--bind", bind.Source, bind.Target }),
        "--chdir", invocation.WorkingDirectory,
        "--unshare-pid",
        "--die-with-parent",
        .. invocation.Options,
        "--",
        .. invocation.Command,
    ];
}
