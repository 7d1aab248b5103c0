namespace Pilot.Slurm;

/// <summary>One line of <see cref="SlurmCommands.Status"/>: a batch job's id, Slurm state (PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT...) and reason.</summary>
public sealed record SlurmJobStatus(string JobId, string State, string Reason)
{
    public bool IsPending => State is "PENDING" or "CONFIGURING" or "REQUEUED" or "RESV_DEL_HOLD" or "REQUEUE_HOLD" or "REQUEUE_FED";

    public bool IsRunning => State is "RUNNING" or "COMPLETING" or "SUSPENDED" or "STOPPED" or "SIGNALING" or "STAGE_OUT" or "RESIZING";

    public bool IsFinished => !IsPending && !IsRunning;

    public bool Succeeded => State == "COMPLETED";

    /// <summary>Lines of <c>%i|%T|%r</c>; lines that do not have three fields are skipped.</summary>
    public static IReadOnlyList<SlurmJobStatus> ParseAll(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(SlurmCommands.Separator))
            .Where(fields => fields.Length == 3 && fields[0].Length > 0)
            .Select(fields => new SlurmJobStatus(fields[0], fields[1], fields[2] is "None" ? "" : fields[2]))
            .ToList();
}
