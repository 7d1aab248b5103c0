using Pilot.Core.Specs;
using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Charliecloud;

/// <summary>Charliecloud: unprivileged containers from an image directory, SquashFS file or tarball (unpacked once per node).</summary>
public sealed class CharliecloudRuntime(TimeProvider time) : IPayloadRuntime
{
    private static readonly RuntimeProgram ChRun = new(RuntimeNames.Charliecloud, CharliecloudCommandLine.Program, "--version");

    public string Name => ChRun.Runtime;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) => ChRun.ProbeAsync(cancellationToken);

    public async Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        ChRun.Require(launch);
        if (!launch.Spec.Runtime.ReadOnly)
        {
            throw new SetupFailedException("the charliecloud runtime mounts images read-only (read_only: false is not available); write to the scratch directory or a bind instead");
        }

        if (ContainerInvocation.Of(launch).Binds.FirstOrDefault(b => b.ReadOnly) is { } readOnlyBind)
        {
            throw new SetupFailedException($"ch-run binds read-write only; drop ':ro' from the bind {readOnlyBind.Source}:{readOnlyBind.Target} or use another runtime");
        }

        return launch with { PreparedImage = await RootfsImage.PrepareAsync(Name, launch, log, time, cancellationToken) };
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch)
    {
        // ch-run refuses to start without $USER, which a service manager may not set.
        var environment = new Dictionary<string, string>(launch.Environment);
        if (Environment.GetEnvironmentVariable("USER") is null)
        {
            environment.TryAdd("USER", Environment.UserName);
        }

        return PayloadCommand.Of(CharliecloudCommandLine.Build(ContainerInvocation.Of(launch)), environment, launch.WorkingDirectory);
    }
}
