namespace Pilot.Server.Storage;

/// <summary>Column-for-column shape of the jobs table, for Dapper.</summary>
internal sealed class JobRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Owner { get; set; }
    public string Queue { get; set; } = "";
    public long Priority { get; set; }
    public string State { get; set; } = "";
    public string Runtime { get; set; } = "";
    public long Cores { get; set; }
    public long MemoryMb { get; set; }
    public long Gpus { get; set; }
    public long Nodes { get; set; }
    public long WalltimeS { get; set; }
    public string Spec { get; set; } = "";
    public long SubmittedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long? ExitCode { get; set; }
    public string? LastOutcome { get; set; }
    public string? Reason { get; set; }
    public long Attempts { get; set; }
    public string? PilotId { get; set; }
    public string? LeaseId { get; set; }
    public string? LogTail { get; set; }
    public long? ArrayIndex { get; set; }
}
