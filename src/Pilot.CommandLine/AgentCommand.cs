using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Pilot.Agent;

namespace Pilot.CommandLine;

/// <summary><c>pilot agent</c>: the pilot daemon, inside a batch allocation or as a service on a node.</summary>
internal static class AgentCommand
{
    private const string Section = AgentOptions.SectionName;

    public static Command Create()
    {
        var options = new ConfigurationOptions(Section);
        options.Add(new Option<string?>("--token-file") { Description = "file holding the pilot's API token" }, nameof(AgentOptions.TokenFile));
        options.Add(new Option<string?>("--work-dir") { Description = "scratch for payloads, logs and the result journal" }, nameof(AgentOptions.WorkDirectory));
        options.Add(new Option<int?>("--cores") { Description = "cores to offer (default: what the allocation or machine has)" }, nameof(AgentOptions.Cores));
        options.Add(new Option<long?>("--memory-mb") { Description = "memory to offer in MB (default: discovered)" }, nameof(AgentOptions.MemoryMb));
        options.Add(new Option<int?>("--max-jobs") { Description = "most payloads at once (default: one per core)" }, nameof(AgentOptions.MaxJobs));
        options.Add(new Option<string[]>("--queue") { Description = "queue to serve; repeat for several (default: all)", AllowMultipleArgumentsPerToken = false }, nameof(AgentOptions.Queues));
        options.Add(new Option<string?>("--site") { Description = "site label shown with this pilot" }, nameof(AgentOptions.Site));
        options.Add(DurationOption.Create("--grace", "time between SIGTERM and SIGKILL when payloads are stopped"), nameof(AgentOptions.GracePeriod));
        options.Add(DurationOption.Create("--lease-wait", "how long one request for work may wait at the server"), nameof(AgentOptions.LeaseWait));
        options.Add(DurationOption.Create("--heartbeat-interval", "override the server's heartbeat interval"), nameof(AgentOptions.HeartbeatInterval));
        options.Add(new Option<bool>("--keep-scratch") { Description = "keep each attempt's scratch directory" }, nameof(AgentOptions.KeepScratch));
        options.Add(new Option<int?>("--metrics-port") { Description = "serve Prometheus metrics on this port (default: off; compute nodes rarely allow inbound ports)" }, nameof(AgentOptions.MetricsPort));
        options.Add(new Option<string?>("--metrics-host") { Description = "address the metrics port listens on (default: + for every interface)" }, nameof(AgentOptions.MetricsHost));
        options.Add(new Option<long?>("--max-log-bytes") { Description = "a payload's log is kept up to this size on the node; a marker says what was dropped" }, nameof(AgentOptions.MaxLogBytes));
        options.AddKey(LogFormatOption.Create(), LogFormatOption.ConfigKey);
        options.Add(DurationOption.Create("--walltime", "longest this pilot lives (default: the allocation's end; none on a plain node)"), nameof(AgentOptions.Walltime));
        options.Add(new Option<long?>("--max-scratch-mb") { Description = "stop a payload that writes more than this to its scratch directory (default: no limit)" }, nameof(AgentOptions.MaxScratchMb));
        options.Add(DurationOption.Create("--scratch-check-interval", "how often a payload's scratch is measured against --max-scratch-mb"), nameof(AgentOptions.ScratchCheckInterval));
        options.Add(DurationOption.Create("--max-job-length", "longest job this pilot accepts; it stops taking work that long before it must leave"), nameof(AgentOptions.MaxJobLength));
        options.Add(DurationOption.Create("--deadline-spread", "most the retire/die deadlines move earlier at random (default 30s)"), nameof(AgentOptions.DeadlineSpread));
        options.Add(DurationOption.Create("--signal-lead", "the batch job's warning signal comes this long before its end (sbatch --signal); jobs are planned to finish before it"), nameof(AgentOptions.SignalLead));
        options.Add(new Option<bool>("--remove-work-dir") { Description = "remove --work-dir when leaving with every result delivered (a per-job directory nobody reuses)" }, nameof(AgentOptions.RemoveWorkDirectory));
        options.Add(DurationOption.Create("--idle-timeout", "leave after this long without a payload, returning the allocation"), nameof(AgentOptions.IdleTimeout));
        options.Add(new Option<bool>("--ephemeral") { Description = "run one job, then leave" }, nameof(AgentOptions.Ephemeral));
        options.Add(new Option<int?>("--fast-failures") { Description = "stop taking work after this many payloads in a row failed fast (default 5; 0 never)" }, nameof(AgentOptions.FastFailures));
        options.Add(DurationOption.Create("--fast-failure-time", "a failure this quick counts towards --fast-failures (default 10s)"), nameof(AgentOptions.FastFailureTime));
        var config = new Option<FileInfo?>("--config") { Description = "JSON settings file, e.g. the site's runtimes under Pilot:Agent:SiteRuntimes (see README)" };
        var command = new Command("agent", "Run a pilot: lease payloads that fit this allocation, run them, report, leave cleanly before walltime");
        options.AddTo(command);
        command.Options.Add(config);
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            var settings = options.Settings(parse);
            settings[$"{Section}:Server"] = GlobalOptions.ServerOf(parse);
            if (GlobalOptions.TokenOf(parse) is { } token)
            {
                settings[$"{Section}:Token"] = token;
            }

            using var host = PilotAgentHost.Build(SettingsFile.Merge(parse.GetValue(config), settings));
            // The host handles SIGTERM/SIGINT itself (drain and evict); the command line does not cancel it.
            await host.RunAsync(CancellationToken.None);
            return 0;
        }));
        return command;
    }
}
