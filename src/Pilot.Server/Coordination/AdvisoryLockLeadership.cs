using Microsoft.Extensions.Options;
using Npgsql;
using Pilot.Server.Monitoring;
using Pilot.Server.Storage;

namespace Pilot.Server.Coordination;

/// <summary>
/// Leads while holding a PostgreSQL advisory lock on a session of its own. The lock goes with the session: a server
/// killed or stopped closes it and another takes the lock within <see cref="Attempt"/>; a frozen server stops pinging
/// and the database ends its session after <see cref="IdleLimit"/> (<c>idle_session_timeout</c>); a vanished host is
/// found by TCP keepalives. A leader that loses its session steps down before its next act.
/// </summary>
internal sealed class AdvisoryLockLeadership(
    SqlDialect dialect, IOptions<ServerOptions> options, ServerInstance instance, ServerMetrics metrics, TimeProvider time, ILogger<AdvisoryLockLeadership> logger)
    : BackgroundService, ILeadership
{
    /// <summary>How often a follower tries the lock, and a leader pings its session.</summary>
    public static readonly TimeSpan Attempt = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(5);

    private bool SharesDatabase => dialect is PostgresDialect;

    private readonly SemaphoreSlim _session = new(1, 1);
    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _term;
    private TaskCompletionSource _changed = NewChange();

    public async Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (Volatile.Read(ref _term) is { IsCancellationRequested: false } term)
            {
                return term.Token;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public async Task<bool> StillLeadsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _term) is not { IsCancellationRequested: false })
        {
            return false;
        }

        return await PingAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _session.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!SharesDatabase)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CampaignAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
                {
                    Log.LeaderSessionLost(logger, e, instance.Id);
                }
                finally
                {
                    await EndSessionAsync();
                }

                await Task.Delay(Attempt, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping closes the session, which hands the lock to the next server at once.
        }
    }

    /// <summary>Tries the lock until it is granted, then keeps the session alive until it breaks or the server stops.</summary>
    private async Task CampaignAsync(CancellationToken stoppingToken)
    {
        var connection = await PostgresSession.OpenAsync(options.Value.PostgreSql!, stoppingToken);
        _connection = connection;
        await using (var limit = new NpgsqlCommand($"SET idle_session_timeout = {(int)IdleLimit.TotalMilliseconds}", connection))
        {
            await limit.ExecuteNonQueryAsync(stoppingToken);
        }

        var key = await PostgresChannel.LeaderLockAsync(connection, stoppingToken);
        while (!await TryLockAsync(connection, key, stoppingToken))
        {
            await Task.Delay(Attempt, time, stoppingToken);
        }

        Begin();
        metrics.Leading(true);
        Log.LeaderElected(logger, instance.Id);
        while (await PingAsync(stoppingToken))
        {
            await Task.Delay(Attempt, time, stoppingToken);
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await _session.WaitAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@Key)", connection);
            command.Parameters.AddWithValue("Key", key);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _session.Release();
        }
    }

    /// <summary>True while the session that holds the lock answers: a session-level advisory lock lives as long as its session.</summary>
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await _session.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not { } connection)
            {
                return false;
            }

            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            Log.LeaderSessionLost(logger, e, instance.Id);
            return false;
        }
        finally
        {
            _session.Release();
        }
    }

    private void Begin()
    {
        Volatile.Write(ref _term, new CancellationTokenSource());
        Interlocked.Exchange(ref _changed, NewChange()).TrySetResult();
    }

    private async Task EndSessionAsync()
    {
        if (Interlocked.Exchange(ref _term, null) is { } term)
        {
            await term.CancelAsync();
            term.Dispose();
            metrics.Leading(false);
            Log.LeaderSteppedDown(logger, instance.Id);
        }

        await _session.WaitAsync(CancellationToken.None);
        try
        {
            if (_connection is { } connection)
            {
                _connection = null;
                await connection.DisposeAsync();
            }
        }
        finally
        {
            _session.Release();
        }
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
