using Microsoft.Extensions.Options;

namespace Pilot.Server.Storage;

/// <summary>Creates or migrates the schema before the server takes its first request.</summary>
internal sealed class StorageInitializer(SqlDialect dialect, IOptions<ServerOptions> options, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        await SchemaMigrator.MigrateAsync(dialect, cancellationToken);
        Log.Started(logger, directory, dialect.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
