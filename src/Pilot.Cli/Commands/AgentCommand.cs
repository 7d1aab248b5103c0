using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Pilot.Agent;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot agent</c>: the pilot daemon, inside a batch allocation or as a service on a node.</summary>
internal static class AgentCommand
{
    private const string Section = AgentOptions.SectionName;

    public static Command Create()
    {
        var tokenFile = new Option<string?>("--token-file") { Description = "file holding the pilot's API token" };
        var workDir = new Option<string?>("--work-dir") { Description = "scratch for payloads, logs and the result journal" };
        var cores = new Option<int?>("--cores") { Description = "cores to offer (default: what the allocation or machine has)" };
        var memory = new Option<long?>("--memory-mb") { Description = "memory to offer in MB (default: discovered)" };
        var maxJobs = new Option<int?>("--max-jobs") { Description = "most payloads at once (default: one per core)" };
        var queues = new Option<string[]>("--queue") { Description = "queue to serve; repeat for several (default: all)", AllowMultipleArgumentsPerToken = false };
        var site = new Option<string?>("--site") { Description = "site label shown with this pilot" };
        var grace = DurationOption.Create("--grace", "time between SIGTERM and SIGKILL when payloads are stopped");
        var leaseWait = DurationOption.Create("--lease-wait", "how long one request for work may wait at the server");
        var heartbeat = DurationOption.Create("--heartbeat-interval", "override the server's heartbeat interval");
        var keepScratch = new Option<bool>("--keep-scratch") { Description = "keep each attempt's scratch directory" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "serve Prometheus metrics on this port (default: off; compute nodes rarely allow inbound ports)" };
        var metricsHost = new Option<string?>("--metrics-host") { Description = "address the metrics port listens on (default: + for every interface)" };
        var maxLog = new Option<long?>("--max-log-bytes") { Description = "a payload's log is kept up to this size on the node; a marker says what was dropped" };
        var maxScratch = new Option<long?>("--max-scratch-mb") { Description = "stop a payload that writes more than this to its scratch directory (default: no limit)" };
        var scratchCheck = DurationOption.Create("--scratch-check-interval", "how often a payload's scratch is measured against --max-scratch-mb");
        var logFormat = LogFormatOption.Create();
        var walltime = DurationOption.Create("--walltime", "longest this pilot lives (default: the allocation's end; none on a plain node)");
        var maxJobLength = DurationOption.Create("--max-job-length", "longest job this pilot accepts; it stops taking work that long before it must leave");
        var spread = DurationOption.Create("--deadline-spread", "most the retire/die deadlines move earlier at random (default 30s)");
        var removeWorkDir = new Option<bool>("--remove-work-dir") { Description = "remove --work-dir when leaving with every result delivered (a per-job directory nobody reuses)" };
        var signalLead = DurationOption.Create("--signal-lead", "the batch job's warning signal comes this long before its end (sbatch --signal); jobs are planned to finish before it");
        var idleTimeout = DurationOption.Create("--idle-timeout", "leave after this long without a payload, returning the allocation");
        var ephemeral = new Option<bool>("--ephemeral") { Description = "run one job, then leave" };
        var fastFailures = new Option<int?>("--fast-failures") { Description = "stop taking work after this many payloads in a row failed fast (default 5; 0 never)" };
        var fastFailureTime = DurationOption.Create("--fast-failure-time", "a failure this quick counts towards --fast-failures (default 10s)");
        var config = new Option<FileInfo?>("--config") { Description = "JSON settings file, e.g. the site's runtimes under Pilot:Agent:SiteRuntimes (see README)" };
        var command = new Command("agent", "Run a pilot: lease payloads that fit this allocation, run them, report, leave cleanly before walltime")
        {
            tokenFile, workDir, cores, memory, maxJobs, queues, site, grace, leaseWait, heartbeat, keepScratch, metricsPort, metricsHost, maxLog, logFormat, walltime, maxScratch, scratchCheck,
            maxJobLength, spread, signalLead, removeWorkDir, idleTimeout, ephemeral, fastFailures, fastFailureTime, config,
        };
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>
            {
                [$"{Section}:Server"] = GlobalOptions.ServerOf(parse),
                [$"{Section}:Token"] = GlobalOptions.TokenOf(parse),
                [$"{Section}:TokenFile"] = parse.GetValue(tokenFile),
                [$"{Section}:WorkDirectory"] = parse.GetValue(workDir),
                [$"{Section}:Cores"] = parse.GetValue(cores)?.ToString(),
                [$"{Section}:MemoryMb"] = parse.GetValue(memory)?.ToString(),
                [$"{Section}:MaxJobs"] = parse.GetValue(maxJobs)?.ToString(),
                [$"{Section}:Site"] = parse.GetValue(site),
                [$"{Section}:GracePeriod"] = DurationOption.ToConfig(parse.GetValue(grace)),
                [$"{Section}:LeaseWait"] = DurationOption.ToConfig(parse.GetValue(leaseWait)),
                [$"{Section}:HeartbeatInterval"] = DurationOption.ToConfig(parse.GetValue(heartbeat)),
                [$"{Section}:KeepScratch"] = parse.GetValue(keepScratch) ? "true" : null,
                [$"{Section}:MetricsPort"] = parse.GetValue(metricsPort)?.ToString(),
                [$"{Section}:MetricsHost"] = parse.GetValue(metricsHost),
                [$"{Section}:MaxLogBytes"] = parse.GetValue(maxLog)?.ToString(),
                [LogFormatOption.ConfigKey] = parse.GetValue(logFormat),
                [$"{Section}:Walltime"] = DurationOption.ToConfig(parse.GetValue(walltime)),
                [$"{Section}:MaxScratchMb"] = parse.GetValue(maxScratch)?.ToString(),
                [$"{Section}:ScratchCheckInterval"] = DurationOption.ToConfig(parse.GetValue(scratchCheck)),
                [$"{Section}:MaxJobLength"] = DurationOption.ToConfig(parse.GetValue(maxJobLength)),
                [$"{Section}:DeadlineSpread"] = DurationOption.ToConfig(parse.GetValue(spread)),
                [$"{Section}:SignalLead"] = DurationOption.ToConfig(parse.GetValue(signalLead)),
                [$"{Section}:RemoveWorkDirectory"] = parse.GetValue(removeWorkDir) ? "true" : null,
                [$"{Section}:IdleTimeout"] = DurationOption.ToConfig(parse.GetValue(idleTimeout)),
                [$"{Section}:Ephemeral"] = parse.GetValue(ephemeral) ? "true" : null,
                [$"{Section}:FastFailures"] = parse.GetValue(fastFailures)?.ToString(),
                [$"{Section}:FastFailureTime"] = DurationOption.ToConfig(parse.GetValue(fastFailureTime)),
            };
            var queueList = parse.GetValue(queues) ?? [];
            for (var i = 0; i < queueList.Length; i++)
            {
                settings[$"{Section}:Queues:{i}"] = queueList[i];
            }

            using var host = PilotAgentHost.Build(SettingsFile.Merge(parse.GetValue(config), ServerCommand.Configured(settings)));
            // The host handles SIGTERM/SIGINT itself (drain and evict); the command line does not cancel it.
            await host.RunAsync(CancellationToken.None);
            return 0;
        }));
        return command;
    }
}
