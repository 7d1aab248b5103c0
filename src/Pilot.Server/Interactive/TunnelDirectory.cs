using Dapper;
using Pilot.Server.Coordination;
using Pilot.Server.Storage;

namespace Pilot.Server.Interactive;

/// <summary>
/// Which server of a shared database holds each job's tunnel (table <c>tunnels</c>), so the others relay its requests
/// there. A row is written when an agent connects its tunnel, replaced when the agent connects again anywhere else (as
/// it does when its server died), and deleted when the tunnel closes or when its server starts again. One server
/// (SQLite) keeps no rows: every tunnel is its own.
/// </summary>
internal sealed class TunnelDirectory(SqlDialect dialect, ServerInstance instance) : IHostedLifecycleService
{
    private bool Shared => dialect is PostgresDialect;

    /// <summary>This server holds the job's tunnel now.</summary>
    public async Task RecordAsync(long jobId, CancellationToken cancellationToken)
    {
        if (Shared)
        {
            await ExecuteAsync(
                """
                INSERT INTO tunnels (job_id, server_id, server_url) VALUES (@JobId, @ServerId, @ServerUrl)
                ON CONFLICT (job_id) DO UPDATE SET server_id = excluded.server_id, server_url = excluded.server_url
                """,
                new { JobId = jobId, ServerId = instance.Id, ServerUrl = instance.Url },
                cancellationToken);
        }
    }

    /// <summary>This server's tunnel of the job closed; a row another server wrote since stays.</summary>
    public async Task ForgetAsync(long jobId)
    {
        if (Shared)
        {
            await ExecuteAsync("DELETE FROM tunnels WHERE job_id = @JobId AND server_id = @ServerId", new { JobId = jobId, ServerId = instance.Id }, CancellationToken.None);
        }
    }

    /// <summary>
    /// A server that starts holds no tunnel: rows its previous process left are gone (once it listens, its URL is
    /// known), and so are rows of jobs no longer running that a server killed before their tunnel closed left.
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (Shared)
        {
            await ExecuteAsync(
                """
                DELETE FROM tunnels WHERE (server_url = @ServerUrl AND server_id <> @ServerId)
                    OR job_id NOT IN (SELECT id FROM jobs WHERE state = 'running')
                """,
                new { ServerUrl = instance.Url, ServerId = instance.Id },
                cancellationToken);
        }
    }

    /// <summary>The URL of the other server holding the job's tunnel, or null when none does (or this one does).</summary>
    public async Task<string?> FindHolderAsync(long jobId, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return null;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(
                "SELECT server_url FROM tunnels WHERE job_id = @JobId AND server_id <> @ServerId",
                new { JobId = jobId, ServerId = instance.Id },
                cancellationToken: cancellationToken));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
