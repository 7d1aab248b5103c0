namespace Pilot.Runtimes;

/// <summary>
/// A way to start payloads: a plain process or a container runtime. A runtime only decides the exact command line;
/// <see cref="Execution.PayloadRunner"/> runs it, captures its output and stops it.
/// </summary>
public interface IPayloadRuntime
{
    /// <summary>The name job specs use in <c>runtime.type</c>.</summary>
    string Name { get; }

    /// <summary>Whether this node can run the runtime, and which version it has.</summary>
    Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Gets what the payload needs ready on this node (e.g. an image); failures are setup failures.</summary>
    Task PrepareAsync(PayloadLaunch launch, CancellationToken cancellationToken);

    PayloadCommand BuildCommand(PayloadLaunch launch);
}
