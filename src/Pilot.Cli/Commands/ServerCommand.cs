using System.CommandLine;
using Pilot.Server;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot server</c>: runs the queue server in the foreground (systemd: Type=notify).</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address to listen on; use http://0.0.0.0:8080 to serve other hosts", DefaultValueFactory = _ => GlobalOptions.DefaultServer };
        var options = new ConfigurationOptions(ServerOptions.SectionName);
        options.Add(new Option<string>("--data-dir") { Description = "where the database, payload logs and first admin token live", DefaultValueFactory = _ => "pilot-data" }, nameof(ServerOptions.DataDirectory));
        options.Add(new Option<string?>("--postgres") { Description = "keep the queue in PostgreSQL: an Npgsql connection string, e.g. 'Host=db;Database=pilot;Username=pilot;Password=...'" }, nameof(ServerOptions.PostgreSql));
        options.Add(DurationOption.Create("--lease-ttl", "a job is requeued when its pilot has not heartbeated for this long"), nameof(ServerOptions.LeaseTtl));
        options.Add(DurationOption.Create("--heartbeat-interval", "how often pilots are told to heartbeat"), nameof(ServerOptions.HeartbeatInterval));
        options.Add(new Option<long?>("--max-log-bytes") { Description = "the server keeps each payload's log up to this size, then a truncation marker (default 64 MiB)" }, nameof(ServerOptions.MaxLogBytes));
        options.AddKey(LogFormatOption.Create(), LogFormatOption.ConfigKey);
        options.Add(new Option<string[]>("--site-runtime") { Description = "a runtime name the site's agents configured; repeat for several", AllowMultipleArgumentsPerToken = false }, nameof(ServerOptions.SiteRuntimes));
        var config = new Option<FileInfo?>("--config") { Description = "JSON settings file, e.g. the provisioner's queues under Pilot:Provisioner (see README)" };
        var command = new Command("server", "Run the queue server: REST API under /api/v1, /metrics, web page at /ui") { listen };
        options.AddTo(command);
        command.Options.Add(config);
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            await using var app = PilotServerApp.Build(SettingsFile.Merge(parse.GetValue(config), options.Settings(parse)), parse.GetValue(listen)!);
            await app.RunAsync();
            return 0;
        }));
        return command;
    }
}
