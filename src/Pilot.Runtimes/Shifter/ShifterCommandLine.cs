using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Shifter;

/// <summary>
/// <c>shifter --image=docker:NAME:TAG --volume=SRC:DST[:ro];... --workdir=DIR [--module=gpu] [options] -- CMD ARGS</c>.
/// Shifter passes the environment through and mounts the image read-only; the gateway must have pulled the image
/// (<c>shifterimg pull</c>).
/// </summary>
internal static class ShifterCommandLine
{
    public const string Program = "shifter";

    public static IReadOnlyList<string> Build(ContainerInvocation invocation) =>
    [
        Program,
        $"--image={ImageName(invocation.Image)}",
        .. invocation.Binds.Count > 0 ? [$"--volume={string.Join(';', invocation.Binds.Select(Volume))}"] : Array.Empty<string>(),
        $"--workdir={invocation.WorkingDirectory}",
        .. invocation.Gpus ? ["--module=gpu"] : Array.Empty<string>(),
        .. invocation.Options,
        "--",
        .. invocation.Command,
    ];

    /// <summary>Shifter names images <c>docker:alpine:3.20</c> (or <c>id:...</c>); a bare name is a Docker one.</summary>
    public static string ImageName(string image) => image switch
    {
        _ when image.StartsWith("docker://", StringComparison.Ordinal) => "docker:" + image["docker://".Length..],
        _ when image.StartsWith("docker:", StringComparison.Ordinal) || image.StartsWith("id:", StringComparison.Ordinal) => image,
        _ => "docker:" + image,
    };

    private static string Volume(BindMount bind) => $"{bind.Source}:{bind.Target}{(bind.ReadOnly ? ":ro" : "")}";
}
