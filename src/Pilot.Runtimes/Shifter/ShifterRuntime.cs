using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Shifter;

/// <summary>Shifter (NERSC): images the site's image gateway has pulled, run read-only with the host's environment.</summary>
public sealed class ShifterRuntime : IPayloadRuntime
{
    // shifter has no version flag; being on PATH is what can be known without running a container.
    private static readonly RuntimeProgram Shifter = new(RuntimeNames.Shifter, ShifterCommandLine.Program);

    public string Name => Shifter.Runtime;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => Shifter.ProbeAsync(cancellationToken);

    public Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        Shifter.Require(launch);
        if (!launch.Spec.Runtime.ReadOnly)
        {
            throw new SetupFailedException("shifter mounts images read-only (read_only: false is not available); write to the scratch directory or a volume instead");
        }

        return Task.FromResult(launch with { PreparedImage = ShifterCommandLine.ImageName(launch.Spec.Runtime.Image ?? string.Empty) });
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(ShifterCommandLine.Build(ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
