using System.Data.Common;

namespace Pilot.Server.Storage;

/// <summary>What differs between the SQL databases the store runs on: connections and schema DDL.</summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Schema migrations in order; migration N brings the schema to version N+1.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
