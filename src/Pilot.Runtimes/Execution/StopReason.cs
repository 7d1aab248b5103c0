namespace Pilot.Runtimes.Execution;

/// <summary>Why Pilot stopped a payload before it ended by itself.</summary>
public enum StopReason
{
    /// <summary>The pilot is leaving (walltime, site signal, SIGTERM): the job goes back to the queue.</summary>
    Evicted,

    /// <summary>The owner cancelled the job, or its lease is no longer valid.</summary>
    Killed,

    /// <summary>The payload ran past the walltime it asked for.</summary>
    WalltimeExceeded,

    /// <summary>The payload wrote more to its scratch directory than the pilot allows.</summary>
    ScratchExceeded,
}
