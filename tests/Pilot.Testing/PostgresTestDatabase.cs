using Npgsql;

namespace Pilot.Testing;

/// <summary>
/// A private schema in the test PostgreSQL database (scripts/services/postgresql.sh makes it), dropped when disposed.
/// <c>$PILOT_TEST_POSTGRES</c> points at another server.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=pilot;Password=pilot;Database=pilot_test;Timeout=5";

    private readonly string _schema;

    private PostgresTestDatabase(string schema)
    {
        _schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { SearchPath = schema }.ToString();
    }

    public static string ServerConnectionString => Environment.GetEnvironmentVariable("PILOT_TEST_POSTGRES") is { Length: > 0 } given ? given : DefaultConnectionString;

    /// <summary>Connects into the private schema only.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the schema; skips the test outside CI (fails it in CI) when PostgreSQL is not reachable.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        try
        {
            await ExecuteAsync($"CREATE SCHEMA {schema}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Requirements.That(false, $"PostgreSQL reachable with '{ServerConnectionString}' (scripts/services/postgresql.sh starts it): {e.Message}");
        }

        return new PostgresTestDatabase(schema);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
