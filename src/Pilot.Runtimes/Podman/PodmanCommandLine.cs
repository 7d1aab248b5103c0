using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Podman;

/// <summary>
/// <c>podman run --rm --init [--read-only] --volume=SRC:DST[:ro] ... --workdir=DIR --env=NAME ... [--device=nvidia.com/gpu=all]
/// [options] IMAGE CMD ARGS</c>. Podman does not pass the environment through, so every variable is named and takes its
/// value from podman's own environment (no values on the command line); the attempt marker is among them, so eviction's
/// sweep finds the container's processes. GPUs come through CDI, restricted by CUDA_VISIBLE_DEVICES.
/// </summary>
internal static class PodmanCommandLine
{
    public const string Program = "podman";

    public static IReadOnlyList<string> Build(ContainerInvocation invocation) =>
    [
        Program,
        "run",
        "--rm",
        "--init",
        .. invocation.ReadOnly ? ["--read-only"] : Array.Empty<string>(),
        .. invocation.Binds.Select(bind => $"--volume={bind.Source}:{bind.Target}{(bind.ReadOnly ? ":ro" : "")}"),
        $"--workdir={invocation.WorkingDirectory}",
        .. invocation.EnvironmentNames.Select(variable => $"--env={variable}"),
        .. invocation.Gpus ? ["--device=nvidia.com/gpu=all"] : Array.Empty<string>(),
        .. invocation.Options,
        ImageName(invocation.Image),
        .. invocation.Command,
    ];

    /// <summary><c>docker://alpine:3.20</c> means Docker Hub; podman would otherwise resolve a short name by asking.</summary>
    public static string ImageName(string image)
    {
        if (!image.StartsWith("docker://", StringComparison.Ordinal))
        {
            return image;
        }

        var name = image["docker://".Length..];
        var first = name.Split('/')[0];
        return name.Contains('/', StringComparison.Ordinal) && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            ? name
            : $"docker.io/{name}";
    }
}
