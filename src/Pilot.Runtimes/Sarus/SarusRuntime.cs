using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Sarus;

/// <summary>Sarus (CSCS): images pulled into the user's Sarus repository (<c>sarus pull</c>), run with the host's environment.</summary>
public sealed class SarusRuntime : IPayloadRuntime
{
    private static readonly RuntimeProgram Sarus = new(RuntimeNames.Sarus, SarusCommandLine.Program, "--version");

    public string Name => Sarus.Runtime;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => Sarus.ProbeAsync(cancellationToken);

    public Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        Sarus.Require(launch);
        return Task.FromResult(launch with { PreparedImage = SarusCommandLine.ImageName(launch.Spec.Runtime.Image ?? string.Empty) });
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(SarusCommandLine.Build(ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
