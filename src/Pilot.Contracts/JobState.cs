namespace Pilot.Contracts;

public enum JobState
{
    /// <summary>Held until the jobs it depends on end (see <see cref="JobSpec.AfterOk"/>, <see cref="JobSpec.AfterAny"/>).</summary>
    Waiting,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
