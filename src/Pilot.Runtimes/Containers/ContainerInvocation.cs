using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Containers;

/// <summary>
/// What a container runtime is asked to do, in its words-neutral form; each runtime's command-line builder turns it
/// into its own flags. The attempt's scratch directory is bound at the same path, so paths and <c>PILOT_SCRATCH</c>
/// mean the same inside and out.
/// </summary>
public sealed record ContainerInvocation
{
    public required string Image { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Inside the container.</summary>
    public required string WorkingDirectory { get; init; }

    public IReadOnlyList<BindMount> Binds { get; init; } = [];

    /// <summary>Variables the payload must see; runtimes that do not pass the environment through name them.</summary>
    public IReadOnlyList<string> EnvironmentNames { get; init; } = [];

    /// <summary>The attempt was given GPUs (their indices are in <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public bool Gpus { get; init; }

    public bool ReadOnly { get; init; } = true;

    /// <summary>The job's own runtime flags, placed before the image.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public static ContainerInvocation Of(PayloadLaunch launch) => new()
    {
        Image = launch.PreparedImage ?? launch.Spec.Runtime.Image ?? string.Empty,
        Command = launch.Spec.Command,
        WorkingDirectory = launch.WorkingDirectory,
        Binds = [new BindMount(launch.ScratchDirectory, launch.ScratchDirectory, false), .. (launch.Spec.Runtime.Binds ?? []).Select(BindMount.Parse)],
        EnvironmentNames = [.. launch.Environment.Keys.Order(StringComparer.Ordinal), MarkerSweeper.MarkerVariable],
        Gpus = launch.Gpus.Count > 0,
        ReadOnly = launch.Spec.Runtime.ReadOnly,
        Options = launch.Spec.Runtime.Options ?? [],
    };
}
