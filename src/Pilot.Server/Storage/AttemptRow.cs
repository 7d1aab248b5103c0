namespace Pilot.Server.Storage;

/// <summary>Column-for-column shape of the attempts table, for Dapper.</summary>
internal sealed class AttemptRow
{
    public string LeaseId { get; set; } = "";
    public long JobId { get; set; }
    public long Number { get; set; }
    public string PilotId { get; set; } = "";
    public string? Node { get; set; }
    public string Outcome { get; set; } = "";
    public long LeasedAt { get; set; }
    public long ExpiresAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long? ExitCode { get; set; }
    public string? Reason { get; set; }
    public long KillRequested { get; set; }
    public long? KillGraceS { get; set; }
    public string? Phases { get; set; }

    /// <summary>Joined from pilots where a query asks for it.</summary>
    public string? PilotOwner { get; set; }
}
