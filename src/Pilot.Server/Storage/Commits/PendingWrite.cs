using System.Data.Common;

namespace Pilot.Server.Storage.Commits;

/// <summary>One caller's piece of a group transaction; its task completes only once the group is committed.</summary>
internal abstract class PendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Set when this write failed on its own; the rest of the group went on without it.</summary>
    public Exception? Failure { get; set; }

    public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

    /// <summary>Called after the group committed: the write's result (or its own failure) goes to the caller.</summary>
    public abstract void Complete();

    /// <summary>Called when the whole group was lost (nothing of it was committed).</summary>
    public abstract void Fail(Exception exception);
}

/// <summary>A write that returns <typeparamref name="T"/>.</summary>
internal sealed class PendingWrite<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) : PendingWrite(cancellationToken)
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _done.Task;

    public override async Task RunAsync(DbConnection connection, DbTransaction transaction) => _result = await work(connection, transaction);

    public override void Complete()
    {
        if (Failure is { } failure)
        {
            _done.TrySetException(failure);
        }
        else
        {
            _done.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception exception) => _done.TrySetException(exception);
}
