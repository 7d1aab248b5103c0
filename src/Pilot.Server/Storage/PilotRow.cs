namespace Pilot.Server.Storage;

/// <summary>Column-for-column shape of the pilots table, for Dapper.</summary>
internal sealed class PilotRow
{
    public string Id { get; set; } = "";
    public string? Owner { get; set; }
    public string Hostname { get; set; } = "";
    public string? Site { get; set; }
    public string State { get; set; } = "";
    public string Resources { get; set; } = "";
    public string? Free { get; set; }
    public string Runtimes { get; set; } = "";
    public string Queues { get; set; } = "";
    public long? WalltimeEnd { get; set; }
    public string? BatchJobId { get; set; }
    public string NodeNames { get; set; } = "";
    public string? Version { get; set; }
    public long RegisteredAt { get; set; }
    public long LastHeartbeat { get; set; }
    public long RunningJobs { get; set; }
    public string? DrainReason { get; set; }
    public long NodeBroken { get; set; }
    public string? PendingOrder { get; set; }
    public string? LostNodes { get; set; }
    public long ExchangeSequence { get; set; }
    public string? ExchangeAnswer { get; set; }
    public long ExchangeOpen { get; set; }
}
