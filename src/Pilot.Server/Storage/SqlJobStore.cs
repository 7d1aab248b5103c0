using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Queue;
using Pilot.Server.Storage.Commits;

namespace Pilot.Server.Storage;

/// <summary>
/// The job store over any SQL dialect. Every state change goes through the <see cref="CommitQueue"/>: one writer, many
/// changes per transaction, each answered after its commit. Readers never wait.
/// </summary>
internal sealed partial class SqlJobStore(SqlDialect dialect, CommitQueue commits, TimeProvider time, IOptions<ServerOptions> options, QueueSignal queueSignal)
    : IJobStore
{
    static SqlJobStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private ServerOptions Options => options.Value;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? At(long? ms) => ms is { } value ? At(value) : null;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, PilotJson.Options);

    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, PilotJson.Options)!;

    /// <summary>Runs <paramref name="work"/> in the next commit group; returns once that group is committed.</summary>
    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        commits.WriteAsync(work, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await work(connection);
    }
}
