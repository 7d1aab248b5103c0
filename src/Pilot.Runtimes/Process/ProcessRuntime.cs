using Pilot.Core.Specs;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Process;

/// <summary>Runs the payload as a plain process on the node, with the pilot's environment plus the job's.</summary>
public sealed class ProcessRuntime : IPayloadRuntime
{
    public string Name => RuntimeNames.Process;

    public Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new RuntimeAvailability(Name, true, Environment.Version.ToString()));

    public Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken)
    {
        var program = launch.Spec.Command[0];
        var path = launch.Environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (ExecutableSearch.Find(program, path, launch.WorkingDirectory) is null)
        {
            throw new SetupFailedException($"command '{program}' was not found on this node (PATH={path}); install it or give its full path");
        }

        return Task.FromResult(launch);
    }

    public PayloadCommand BuildCommand(PayloadLaunch launch) =>
        new(launch.Spec.Command[0], launch.Spec.Command.Skip(1).ToList(), launch.Environment, launch.WorkingDirectory);
}
