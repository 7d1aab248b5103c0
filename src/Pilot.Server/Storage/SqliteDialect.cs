using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Pilot.Server.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. A commit survives a killed server in any mode; with
/// <paramref name="durableCommits"/> (<c>synchronous = FULL</c>) it also survives a power loss, at one fsync per commit
/// group; without (<c>NORMAL</c>) a power loss may take back the last groups committed before it.
/// </summary>
internal sealed class SqliteDialect(string databasePath, bool durableCommits) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override string Name => "sqlite";

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string BlobColumn => "BLOB";

    public override string QueuedJobsIndex => "INDEXED BY jobs_queued_order";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        return connection;
    }

    /// <summary>One prepared INSERT, bound again for each row: SQLite runs in this process, so a row costs no round trip.</summary>
    public override Task<long> InsertJobsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<JobInsert> jobs)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        var names = JobInsert.Columns.Split(", ");
        command.CommandText = $"INSERT INTO jobs ({JobInsert.Columns}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        var parameters = names.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        long count = 0;
        foreach (var job in jobs)
        {
            var values = job.Values();
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            count++;
        }

        return Task.FromResult(count);
    }

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(durableCommits ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        return connection;
    }
}
