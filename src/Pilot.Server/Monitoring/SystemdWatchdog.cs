using System.Globalization;
using Dapper;
using Microsoft.Extensions.Hosting.Systemd;
using Pilot.Server.Storage;

namespace Pilot.Server.Monitoring;

/// <summary>
/// Pings systemd's watchdog (<c>WatchdogSec=</c> in the unit) at half its period, but only while the database answers:
/// a server whose store is wedged stops pinging and systemd restarts it. Does nothing outside systemd.
/// </summary>
internal sealed class SystemdWatchdog(SqlDialect dialect, TimeProvider time, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Built here rather than taken from UseSystemd(), which registers one only when systemd is the parent process.
        var notifier = new SystemdNotifier();
        if (!notifier.IsEnabled || Period() is not { } period)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var connection = await dialect.OpenAsync(stoppingToken))
                {
                    await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: stoppingToken));
                }

                notifier.Notify(Ping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.WatchdogSkipped(logger, e);
            }

            await Task.Delay(period, time, stoppingToken);
        }
    }

    /// <summary>Half the watchdog period systemd gave this process, or null when it gave none (or gave it to another).</summary>
    private static TimeSpan? Period()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;
    }
}
