using System.CommandLine;
using Pilot.Server;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot server</c>: runs the queue server in the foreground (systemd: Type=notify).</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address to listen on; use http://0.0.0.0:8080 to serve other hosts", DefaultValueFactory = _ => GlobalOptions.DefaultServer };
        var dataDir = new Option<string>("--data-dir") { Description = "where the database, payload logs and first admin token live", DefaultValueFactory = _ => "pilot-data" };
        var postgres = new Option<string?>("--postgres") { Description = "keep the queue in PostgreSQL: an Npgsql connection string, e.g. 'Host=db;Database=pilot;Username=pilot;Password=...'" };
        var leaseTtl = DurationOption.Create("--lease-ttl", "a job is requeued when its pilot has not heartbeated for this long");
        var heartbeat = DurationOption.Create("--heartbeat-interval", "how often pilots are told to heartbeat");
        var maxLog = new Option<long?>("--max-log-bytes") { Description = "the server keeps each payload's log up to this size, then a truncation marker (default 64 MiB)" };
        var logFormat = LogFormatOption.Create();
        var siteRuntimes = new Option<string[]>("--site-runtime") { Description = "a runtime name the site's agents configured; repeat for several", AllowMultipleArgumentsPerToken = false };
        var config = new Option<FileInfo?>("--config") { Description = "JSON settings file, e.g. the provisioner's queues under Pilot:Provisioner (see README)" };
        var command = new Command("server", "Run the queue server: REST API under /api/v1, /metrics, web page at /ui")
        {
            listen, dataDir, postgres, leaseTtl, heartbeat, maxLog, logFormat, siteRuntimes, config,
        };
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>
            {
                [$"{ServerOptions.SectionName}:DataDirectory"] = parse.GetValue(dataDir),
                [$"{ServerOptions.SectionName}:PostgreSql"] = parse.GetValue(postgres),
                [$"{ServerOptions.SectionName}:LeaseTtl"] = DurationOption.ToConfig(parse.GetValue(leaseTtl)),
                [$"{ServerOptions.SectionName}:HeartbeatInterval"] = DurationOption.ToConfig(parse.GetValue(heartbeat)),
                [$"{ServerOptions.SectionName}:MaxLogBytes"] = parse.GetValue(maxLog)?.ToString(),
                [LogFormatOption.ConfigKey] = parse.GetValue(logFormat),
            };
            var siteRuntimeNames = parse.GetValue(siteRuntimes) ?? [];
            for (var i = 0; i < siteRuntimeNames.Length; i++)
            {
                settings[$"{ServerOptions.SectionName}:SiteRuntimes:{i}"] = siteRuntimeNames[i];
            }

            await using var app = PilotServerApp.Build(SettingsFile.Merge(parse.GetValue(config), Configured(settings)), parse.GetValue(listen)!);
            await app.RunAsync();
            return 0;
        }));
        return command;
    }

    /// <summary>Leaves out the options not given, so configuration files and environment variables still apply.</summary>
    public static IReadOnlyDictionary<string, string?> Configured(Dictionary<string, string?> settings) =>
        settings.Where(s => s.Value is not null).ToDictionary();
}
