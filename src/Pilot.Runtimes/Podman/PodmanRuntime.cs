using CliWrap;
using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Podman;

/// <summary>Podman (rootless or not, no daemon): an image pulled once into podman's own storage, then run with <c>--rm</c>.</summary>
public sealed class PodmanRuntime : IPayloadRuntime
{
    private static readonly RuntimeProgram Podman = new(RuntimeNames.Podman, PodmanCommandLine.Program, "--version");

    public string Name => Podman.Runtime;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => Podman.ProbeAsync(cancellationToken);

    public async Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        Podman.Require(launch);
        var image = PodmanCommandLine.ImageName(launch.Spec.Runtime.Image ?? string.Empty);
        var exists = await Cli.Wrap(PodmanCommandLine.Program).WithArguments(["image", "exists", image])
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken);
        if (exists.ExitCode == 0)
        {
            log.Note($"image {image}: in podman's storage on this node");
        }
        else
        {
            log.Note($"image {image}: pulling it into podman's storage on this node");
            await PreparationStep.RunAsync($"pull {image}", PodmanCommandLine.Program, ["pull", "--quiet", image], cancellationToken);
        }

        return launch with { PreparedImage = image };
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(PodmanCommandLine.Build(ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
