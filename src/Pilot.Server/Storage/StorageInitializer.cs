using Microsoft.Extensions.Options;

namespace Pilot.Server.Storage;

/// <summary>
/// Creates or migrates the schema before the server takes its first request, and before any hosted service starts
/// (Data Protection reads its keys from the database when it starts).
/// </summary>
internal sealed class StorageInitializer(SqlDialect dialect, IOptions<ServerOptions> options, ILogger<StorageInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        await SchemaMigrator.MigrateAsync(dialect, cancellationToken);
        Log.Started(logger, directory, dialect.Name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
