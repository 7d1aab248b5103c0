using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Site;

/// <summary>A runtime defined by the site's configuration: its command template, its probe, the image passed as written.</summary>
public sealed class SiteRuntime(SiteRuntimeDefinition definition) : IPayloadRuntime
{
    private readonly RuntimeProgram _program = new(definition.Name, definition.Command[0]);

    public string Name => definition.Name;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) =>
        definition.Probe.Count > 0
            ? new RuntimeProgram(Name, definition.Probe[0], [.. definition.Probe.Skip(1)]).ProbeAsync(cancellationToken)
            : _program.ProbeAsync(cancellationToken);

    public Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        _program.Require(launch);
        return Task.FromResult(launch with { PreparedImage = launch.Spec.Runtime.Image ?? string.Empty });
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        PayloadCommand.Of(CommandTemplate.Expand(definition, ContainerInvocation.Of(launch)), launch.Environment, launch.WorkingDirectory);
}
