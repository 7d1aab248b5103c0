using System.Data.Common;

namespace Pilot.Server.Storage;

/// <summary>What differs between the SQL databases the store runs on: connections, the identity column and row locking.</summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>The type and constraints of an auto-numbered primary key.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>The type of a column of bytes.</summary>
    public abstract string BlobColumn { get; }

    /// <summary>
    /// Follows <c>FROM jobs</c> in the lease query. SQLite's planner otherwise picks the (state, id) index and sorts every
    /// queued job by priority on each lease, so a lease's cost grows with the queue.
    /// </summary>
    public virtual string QueuedJobsIndex => string.Empty;

    /// <summary>Appended to the lease query's candidate SELECT so that concurrent servers never grant the same job.</summary>
    public virtual string LockCandidates => string.Empty;

    /// <summary>
    /// Appended to a SELECT of rows a write transaction is about to change, so that a transaction of another server
    /// sharing the database waits for it instead of deciding on what it read before (one server serialises its writers).
    /// <paramref name="table"/> names the table (or its alias) whose rows are locked.
    /// </summary>
    public virtual string LockRowsOf(string table) => string.Empty;

    /// <summary>
    /// Says whether <paramref name="error"/> is a unique index refusing a row, as when two servers insert the same key at
    /// once; a database with one server, which serialises its writers, never sees it.
    /// </summary>
    public virtual bool IsUniqueViolation(DbException error) => false;

    /// <summary>
    /// Says whether <paramref name="error"/> is the database choosing this transaction as the loser of a conflict with
    /// another server's (a deadlock, a serialization failure): the same write run again, alone, succeeds.
    /// </summary>
    public virtual bool IsConflict(Exception error) => false;

    /// <summary>
    /// Run after a large submission so the planner knows the queue grew: PostgreSQL otherwise keeps planning leases for
    /// the near-empty table it last analysed (a scan and sort of every queued job) until autovacuum catches up.
    /// </summary>
    public virtual string? RefreshStatistics => null;

    /// <summary>
    /// "<paramref name="column"/> is one of the list parameter": Dapper expands a list into <c>IN (@p1, @p2)</c> for
    /// SQLite, but passes it to Npgsql as one array.
    /// </summary>
    public virtual string AnyOf(string column, string parameter) => $"{column} IN {parameter}";

    /// <summary>Schema migrations in order; migration N brings the schema to version N+1.</summary>
    public IReadOnlyList<string> Migrations => field ??= Schema.Migrations
        .Select(m => m.Replace("{IdentityColumn}", IdentityColumn, StringComparison.Ordinal).Replace("{BlobColumn}", BlobColumn, StringComparison.Ordinal))
        .ToList();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Inserts many jobs in the caller's transaction at the database's fastest (a prepared statement reused, or COPY); returns how many.</summary>
    public abstract Task<long> InsertJobsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<JobInsert> jobs);

    /// <summary>The connection of the store's one writer, set up for the durability the server was configured with.</summary>
    public abstract Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);
}
