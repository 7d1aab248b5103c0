using System.Data.Common;
using System.Threading.Channels;
using Dapper;

namespace Pilot.Server.Storage.Commits;

/// <summary>
/// Group commit: one writer drains a queue of writes and runs as many as are waiting in one transaction, each inside
/// its own savepoint so a write that fails (a stale lease, a conflict) is rolled back alone. Callers are answered only
/// after the commit, so an answer given always holds after a crash; under load a commit (and its fsync) is paid
/// once per group instead of once per request.
/// </summary>
internal sealed class CommitQueue : IAsyncDisposable
{
    /// <summary>Most writes in one transaction: bounds how long the first of them waits for the commit.</summary>
    public const int MaxGroup = 512;

    /// <summary>Writes waiting beyond this make callers wait to enqueue: memory stays bounded under any load.</summary>
    private const int MaxWaiting = 8192;

    private readonly Channel<PendingWrite> _waiting = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(MaxWaiting) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SqlDialect _dialect;
    private readonly Task _writer;
    private DbConnection? _connection;

    public CommitQueue(SqlDialect dialect)
    {
        _dialect = dialect;
        _writer = Task.Run(DrainAsync);
    }

    /// <summary>Groups committed so far, and writes in them: their ratio is the mean group size.</summary>
    public long Groups { get; private set; }

    public long Writes { get; private set; }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var write = new PendingWrite<T>(work, cancellationToken);
        await _waiting.Writer.WriteAsync(write, cancellationToken);
        return await write.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _writer;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task DrainAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _waiting.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Fail(new OperationCanceledException(write.CancellationToken));
                    continue;
                }

                group.Add(write);
            }

            if (group.Count > 0)
            {
                await CommitAsync(group);
                group.Clear();
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> group)
    {
        try
        {
            var connection = _connection ??= await _dialect.OpenWriterAsync(CancellationToken.None);
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                if (group.Count == 1)
                {
                    await RunAloneAsync(transaction, group[0]);
                }
                else
                {
                    foreach (var write in group)
                    {
                        await RunInSavepointAsync(connection, transaction, write);
                    }

                    await transaction.CommitAsync();
                }
            }

            Groups++;
            Writes += group.Count;
            group.ForEach(write => write.Complete());
        }
        catch (Exception e)
        {
            // The connection may be broken (database restarted): the next group opens a new one.
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            group.ForEach(write => write.Fail(e));
        }
    }

    /// <summary>A write alone in its group needs no savepoint: when it fails, its transaction is rolled back instead of committed.</summary>
    private static async Task RunAloneAsync(DbTransaction transaction, PendingWrite write)
    {
        try
        {
            await write.RunAsync(transaction.Connection!, transaction);
        }
        catch (Exception e)
        {
            write.Failure = e;
            await transaction.RollbackAsync();
            return;
        }

        await transaction.CommitAsync();
    }

    /// <summary>A failed write is undone back to its savepoint; if the connection itself broke, the rollback throws and the group fails.</summary>
    private static async Task RunInSavepointAsync(DbConnection connection, DbTransaction transaction, PendingWrite write)
    {
        await connection.ExecuteAsync("SAVEPOINT w", transaction: transaction);
        try
        {
            await write.RunAsync(connection, transaction);
        }
        catch (Exception e)
        {
            write.Failure = e;
            await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT w", transaction: transaction);
        }

        await connection.ExecuteAsync("RELEASE SAVEPOINT w", transaction: transaction);
    }
}
