using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Pilot.Server.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode, which survives a killed server without losing commits.</summary>
internal sealed class SqliteDialect(string databasePath) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override string Name => "sqlite";

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string QueuedJobsIndex => "INDEXED BY jobs_queued_order";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        return connection;
    }
}
