using Npgsql;

namespace Pilot.Server.Coordination;

/// <summary>
/// A connection of its own, outside the pool, for what lives as long as a session: listening for notifications and
/// holding the leader lock. TCP keepalives notice a database host that vanished without closing the connection.
/// </summary>
internal static class PostgresSession
{
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            TcpKeepAlive = true,
            TcpKeepAliveTime = 5,
            TcpKeepAliveInterval = 1,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
