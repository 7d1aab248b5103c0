namespace Pilot.Server.Coordination;

/// <summary>This server process among the ones sharing a database: a fresh id per start, for its own messages to be told apart.</summary>
internal sealed class ServerInstance
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
