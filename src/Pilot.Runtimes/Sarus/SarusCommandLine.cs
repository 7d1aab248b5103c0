using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Sarus;

/// <summary>
/// <c>sarus run --mount=type=bind,source=SRC,destination=DST[,readonly] ... --workdir=DIR [options] IMAGE CMD ARGS</c>.
/// Sarus passes the environment through; its NVIDIA hook reads CUDA_VISIBLE_DEVICES, so GPUs need no flag.
/// </summary>
internal static class SarusCommandLine
{
    public const string Program = "sarus";

    public static IReadOnlyList<string> Build(ContainerInvocation invocation) =>
    [
        Program,
        "run",
        .. invocation.Binds.Select(bind => $"--mount=type=bind,source={bind.Source},destination={bind.Target}{(bind.ReadOnly ? ",readonly" : "")}"),
        $"--workdir={invocation.WorkingDirectory}",
        .. invocation.Options,
        ImageName(invocation.Image),
        .. invocation.Command,
    ];

    /// <summary>Sarus takes Docker references without a scheme (<c>alpine:3.20</c>, <c>docker.io/library/alpine:3.20</c>).</summary>
    public static string ImageName(string image) =>
        image.StartsWith("docker://", StringComparison.Ordinal) ? image["docker://".Length..] : image;
}
