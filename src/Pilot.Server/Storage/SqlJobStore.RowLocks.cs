using System.Data.Common;
using Dapper;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    /// <summary>
    /// Holds rows another server may change at the same moment (a report here, the reaper, a heartbeat or a cancel
    /// there): the later transaction waits and then reads the rows as the earlier one left them. Attempts are locked
    /// before their job everywhere, so two such transactions never wait for each other in a circle.
    /// </summary>
    private Task LockAsync(DbConnection connection, DbTransaction transaction, string table, string where, object parameters) =>
        dialect.LockRowsOf(table) is { Length: > 0 } lockRows
            ? connection.ExecuteAsync($"SELECT 1 FROM {table} WHERE {where} {lockRows}", parameters, transaction)
            : Task.CompletedTask;
}
