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

    public override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            owner TEXT,
            queue TEXT NOT NULL,
            priority INTEGER NOT NULL,
            state TEXT NOT NULL,
            runtime TEXT NOT NULL,
            cores INTEGER NOT NULL,
            memory_mb INTEGER NOT NULL,
            gpus INTEGER NOT NULL,
            nodes INTEGER NOT NULL,
            walltime_s INTEGER NOT NULL,
            spec TEXT NOT NULL,
            submitted_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            exit_code INTEGER,
            last_outcome TEXT,
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            pilot_id TEXT,
            lease_id TEXT,
            log_tail TEXT);
        CREATE INDEX jobs_queued_order ON jobs (priority DESC, id) WHERE state = 'queued';
        CREATE INDEX jobs_state ON jobs (state, id);
        CREATE TABLE attempts (
            lease_id TEXT PRIMARY KEY,
            job_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            pilot_id TEXT NOT NULL,
            node TEXT,
            outcome TEXT NOT NULL,
            leased_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            exit_code INTEGER,
            reason TEXT,
            kill_requested INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX attempts_job ON attempts (job_id, number);
        CREATE INDEX attempts_running ON attempts (expires_at) WHERE outcome = 'running';
        CREATE TABLE pilots (
            id TEXT PRIMARY KEY,
            hostname TEXT NOT NULL,
            site TEXT,
            state TEXT NOT NULL,
            resources TEXT NOT NULL,
            free TEXT,
            runtimes TEXT NOT NULL,
            queues TEXT NOT NULL,
            walltime_end INTEGER,
            batch_job_id TEXT,
            node_names TEXT NOT NULL,
            version TEXT,
            registered_at INTEGER NOT NULL,
            last_heartbeat INTEGER NOT NULL);
        """,
        """
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER);
        ALTER TABLE pilots ADD COLUMN owner TEXT;
        CREATE INDEX jobs_owner ON jobs (owner, id);
        """,
    ];

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        return connection;
    }
}
