using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Queue;

namespace Pilot.Server.Storage;

/// <summary>
/// The job store over any SQL dialect. Writers are serialised in-process (one server owns the database), so every
/// state change is one short transaction and readers never wait.
/// </summary>
internal sealed partial class SqlJobStore(SqlDialect dialect, TimeProvider time, IOptions<ServerOptions> options, QueueSignal queueSignal) : IJobStore, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    static SqlJobStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public void Dispose() => _writeLock.Dispose();

    private ServerOptions Options => options.Value;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? At(long? ms) => ms is { } value ? At(value) : null;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, PilotJson.Options);

    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, PilotJson.Options)!;

    /// <summary>Runs <paramref name="work"/> in a write transaction, one writer at a time.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dialect.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await work(connection);
    }
}
