namespace Pilot.Contracts;

/// <summary>How one attempt ended; each failure kind has its own retry budget.</summary>
public enum AttemptOutcome
{
    /// <summary>Still leased to a pilot.</summary>
    Running,

    Succeeded,

    /// <summary>The payload exited non-zero.</summary>
    PayloadFailed,

    /// <summary>The pilot stopped renewing the lease (killed, node lost, network cut).</summary>
    PilotLost,

    /// <summary>The pilot stopped the payload as it left (walltime, a site signal, an operator's order).</summary>
    Evicted,

    /// <summary>The payload could not be started: bad image, missing runtime, bad working directory.</summary>
    SetupFailed,

    /// <summary>Stopped because its owner cancelled the job.</summary>
    Cancelled,
}
