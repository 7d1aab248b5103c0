using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes;

/// <summary>
/// A way to start payloads: a plain process or a container runtime. A runtime only decides the exact command line;
/// <see cref="PayloadRunner"/> runs it, captures its output and stops it.
/// </summary>
public interface IPayloadRuntime
{
    /// <summary>The name job specs use in <c>runtime.type</c>.</summary>
    string Name { get; }

    /// <summary>Whether this node can run the runtime, and which version it has.</summary>
    Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Gets what the payload needs ready on this node (e.g. an image in the node's cache), noting what it did in the
    /// attempt's log; returns the launch with <see cref="PayloadLaunch.PreparedImage"/> set. Failures are setup failures.
    /// </summary>
    Task<PayloadLaunch> PrepareAsync(PayloadLaunch launch, PayloadLog log, CancellationToken cancellationToken);

    PayloadCommand BuildCommand(PayloadLaunch launch);
}
