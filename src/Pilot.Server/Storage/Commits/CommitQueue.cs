using System.Data.Common;
using System.Threading.Channels;
using Dapper;

namespace Pilot.Server.Storage.Commits;

/// <summary>
/// Group commit: one writer drains a queue of writes and runs as many as are waiting in one transaction, each inside
/// its own savepoint so a write that fails (a stale lease, a conflict) is rolled back alone. Callers are answered only
/// after the commit, so an answer given always holds after a crash; under load a commit (and its fsync) is paid
/// once per group instead of once per request. With several servers on one database, a group holds the locks of all its
/// writes until it commits, so two servers' groups can deadlock: the database picks a loser, and the losing write runs
/// again after its group, in a transaction of its own (whose locks are taken in the store's one order).
/// </summary>
internal sealed class CommitQueue : IAsyncDisposable
{
    /// <summary>Most writes in one transaction: bounds how long the first of them waits for the commit.</summary>
    public const int MaxGroup = 512;

    /// <summary>How often a write the database chose as a conflict's loser runs again, alone, before its caller gets the error.</summary>
    private const int ConflictRetries = 5;

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
            if (group.Count == 1)
            {
                await RunAloneAsync(connection, group[0]);
            }
            else
            {
                await using (var transaction = await connection.BeginTransactionAsync())
                {
                    foreach (var write in group)
                    {
                        await RunInSavepointAsync(connection, transaction, write);
                    }

                    await transaction.CommitAsync();
                }

                foreach (var loser in group.Where(write => write.Failure is { } failure && _dialect.IsConflict(failure)))
                {
                    await RunAloneAsync(connection, loser);
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

    /// <summary>
    /// A write in a transaction of its own needs no savepoint: when it fails, its transaction is rolled back instead of
    /// committed (a rollback that throws means the connection broke, and the whole group fails); when it lost a conflict
    /// with another server, it runs again.
    /// </summary>
    private async Task RunAloneAsync(DbConnection connection, PendingWrite write)
    {
        for (var run = 1; ; run++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                await write.RunAsync(connection, transaction);
                await transaction.CommitAsync();
                write.Failure = null;
                return;
            }
            catch (Exception e)
            {
                write.Failure = e;
                await transaction.RollbackAsync();
                if (!_dialect.IsConflict(e) || run == ConflictRetries)
                {
                    return;
                }
            }
        }
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
