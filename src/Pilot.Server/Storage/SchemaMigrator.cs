using Dapper;

namespace Pilot.Server.Storage;

/// <summary>Brings the database schema up to the newest version on start; a newer schema than this server knows stops it.</summary>
internal static class SchemaMigrator
{
    public static async Task MigrateAsync(SqlDialect dialect, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var current = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version") ?? 0;
        if (current > dialect.Migrations.Count)
        {
            throw new InvalidOperationException(
                $"the {dialect.Name} database has schema version {current} but this server knows only up to {dialect.Migrations.Count}; upgrade the server");
        }

        for (var version = (int)current; version < dialect.Migrations.Count; version++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(dialect.Migrations[version], transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@Version)", new { Version = version + 1 }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
