using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Bubblewrap;

/// <summary>bubblewrap: a root filesystem directory (or a SquashFS file or tarball unpacked once per node) in its own PID namespace.</summary>
public sealed class BubblewrapRuntime(TimeProvider time) : IPayloadRuntime
{
    private static readonly RuntimeProgram Bwrap = new(RuntimeNames.Bubblewrap, BubblewrapCommandLine.Program, "--version");

    public string Name => Bwrap.Runtime;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => Bwrap.ProbeAsync(cancellationToken);

    public async Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        Bwrap.Require(launch);
        if (!launch.Spec.Runtime.ReadOnly)
        {
            throw new SetupFailedException("the bwrap runtime mounts the root read-only so the cached image stays intact (read_only: false is not available); write to the scratch directory or a bind instead");
        }

        return launch with { PreparedImage = await RootfsImage.PrepareAsync(Name, launch, log, time, cancellationToken) };
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(BubblewrapCommandLine.Build(ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
