using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Apptainer;

/// <summary>
/// Apptainer, or Singularity (same command line, <paramref name="name"/> picks the program): a <c>.sif</c> file or
/// sandbox directory as given, a registry image (<c>docker://</c>, <c>oras://</c>, <c>library://</c>) pulled once per node into a SIF.
/// </summary>
public sealed class ApptainerRuntime(TimeProvider time, string name = RuntimeNames.Apptainer) : IPayloadRuntime
{
    private static readonly string[] PulledSchemes = ["docker://", "oras://", "library://", "shub://", "docker-archive:", "oci-archive:"];

    private readonly RuntimeProgram _program = new(name, name, "--version");

    public string Name => name;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => _program.ProbeAsync(cancellationToken);

    public async Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        _program.Require(launch);
        var image = launch.Spec.Runtime.Image ?? string.Empty;
        if (PulledSchemes.Any(scheme => image.StartsWith(scheme, StringComparison.Ordinal)))
        {
            var cache = new ImageCache(launch.ImageCacheDirectory ?? Path.Combine(launch.ScratchDirectory, ".images"), time);
            var sif = await cache.GetOrPrepareAsync(image, "sif", (target, ct) =>
                PreparationStep.RunAsync($"pull {image}", name, ApptainerCommandLine.Pull(target, image), ct), log, cancellationToken);
            return launch with { PreparedImage = sif };
        }

        if (!File.Exists(image) && !Directory.Exists(image))
        {
            throw new SetupFailedException($"image {image} does not exist on this node; give a .sif file or sandbox directory the nodes can read, or a docker:// or oras:// reference");
        }

        return launch with { PreparedImage = image };
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(ApptainerCommandLine.Build(name, ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
