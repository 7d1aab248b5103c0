using Npgsql;

namespace Pilot.Server.Coordination;

/// <summary>
/// Names of what servers share beyond tables: the NOTIFY channel and the advisory lock key. Both are database-wide in
/// PostgreSQL, so they are derived from the schema the queue lives in: two queues in one database never hear or
/// fence each other.
/// </summary>
internal static class PostgresChannel
{
    /// <summary>The channel that carries "work arrived", as a quoted identifier for LISTEN and as text for pg_notify.</summary>
    public static async Task<string> WorkAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        "pilot_work:" + await SchemaAsync(connection, cancellationToken);

    /// <summary>The advisory lock key the leader of the singletons (reaper, provisioner) holds.</summary>
    public static async Task<long> LeaderLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT hashtextextended('pilot_leader:' || current_schema(), 0)", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static string Quoted(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> SchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_schema()", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
