using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Apptainer;

/// <summary>
/// <c>apptainer exec [--nv] [--writable-tmpfs] --bind SRC:DST[:ro] ... --pwd DIR [options] IMAGE CMD ARGS</c>
/// (the same for <c>singularity</c>). The environment passes through, CUDA_VISIBLE_DEVICES included; <c>--nv</c>
/// brings the host's NVIDIA driver in when the attempt has GPUs.
/// </summary>
internal static class ApptainerCommandLine
{
    public static IReadOnlyList<string> Build(string program, ContainerInvocation invocation) =>
    [
        program,
        "exec",
        .. invocation.Gpus ? ["--nv"] : Array.Empty<string>(),
        .. invocation.ReadOnly ? [] : new[] { "--writable-tmpfs" },
        .. invocation.Binds.SelectMany(bind => new[] { "--bind", $"{bind.Source}:{bind.Target}{(bind.ReadOnly ? ":ro" : "")}" }),
        "--pwd", invocation.WorkingDirectory,
        .. invocation.Options,
        invocation.Image,
        .. invocation.Command,
    ];

    /// <summary>Arguments of <c>apptainer pull</c>, which converts a registry image into one SIF file.</summary>
    public static IReadOnlyList<string> Pull(string target, string reference) => ["pull", target, reference];
}
