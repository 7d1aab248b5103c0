using Microsoft.Extensions.Logging;

namespace Pilot.Agent;

/// <summary>
/// The agent's log messages, source-generated with structured fields. Event ids are stable for log queries and alerts:
/// 1001+ here, 1501+ for interactive sessions; a new message takes the next free id, and an id is never reused.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Runtime {Runtime}: available={Available} {Detail}")]
    public static partial void RuntimeProbed(ILogger logger, string runtime, bool available, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Registered as pilot {PilotId} with {Server}: {Cores} cores, {MemoryMb} MB, runtimes {Runtimes}")]
    public static partial void Registered(ILogger logger, string pilotId, string server, int cores, long memoryMb, string runtimes);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Cannot {Action} at {Server}: {Error}; will retry")]
    public static partial void ServerUnreachable(ILogger logger, string action, string server, string error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} (lease {LeaseId}) starting on runtime {Runtime}")]
    public static partial void AttemptStarting(ILogger logger, long jobId, int attempt, string leaseId, string runtime);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} ended: {Outcome} exit={ExitCode} {Reason}")]
    public static partial void AttemptEnded(ILogger logger, long jobId, int attempt, string outcome, int? exitCode, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Reported lease {LeaseId}: the server accepted it")]
    public static partial void Reported(ILogger logger, string leaseId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Server refused the report for lease {LeaseId}: {Problem}")]
    public static partial void ReportRefused(ILogger logger, string leaseId, string problem);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Server no longer knows pilot {PilotId}; stopping its payloads and registering again")]
    public static partial void PilotForgotten(ILogger logger, string pilotId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Server ordered {Command} for lease {LeaseId}: {Reason}")]
    public static partial void CommandReceived(ILogger logger, string command, string leaseId, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Draining ({Reason}): taking no more work, {Running} payloads still running")]
    public static partial void Draining(ILogger logger, string reason, int running);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Evicting {Count} payloads: SIGTERM, then SIGKILL after {GraceSeconds} s")]
    public static partial void Evicting(ILogger logger, int count, double graceSeconds);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Evicted {Count} payloads and reported them in {ElapsedMs} ms")]
    public static partial void Evicted(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Received {Signal}: draining and evicting before the batch system's kill")]
    public static partial void SignalReceived(ILogger logger, string signal);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Serving Prometheus metrics on http://{Host}:{Port}/metrics")]
    public static partial void ServingMetrics(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} was left by an agent killed on this work directory: killed {Killed} leftover processes, reporting it lost")]
    public static partial void LeftoverSwept(ILogger logger, long jobId, int attempt, int killed);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Slurm job {JobId}: nodes {Nodes}, {Cores} cores, {MemoryMb} MB, {Gpus} GPUs, ends {End}")]
    public static partial void SlurmAllocation(ILogger logger, string jobId, string nodes, int cores, long memoryMb, int gpus, string end);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "Slurm could not tell the {Fact}: {Problem}; using {Fallback}")]
    public static partial void SlurmFallback(ILogger logger, string fact, string problem, string fallback);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Error, Message = "Taking no more work: {Count} payloads in a row failed within {FastSeconds} s, the last job {JobId}; {Reason}")]
    public static partial void BrokenNode(ILogger logger, int count, double fastSeconds, long jobId, string reason);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Deadlines: retire at {Retire}, die at {Die} (allocation ends {End})")]
    public static partial void Deadlines(ILogger logger, string retire, string die, string end);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Die deadline reached: evicting what runs before the batch system's kill")]
    public static partial void DieDeadline(ILogger logger);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Joining the site cluster at {Server} as node {Node}: {Command}")]
    public static partial void SiteClusterJoining(ILogger logger, string node, string server, string command);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Not joining the site cluster at {Server}: {Problem}")]
    public static partial void SiteClusterRefused(ILogger logger, string server, string problem);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Left the site cluster: node {Node} drained ({Evicted} pods evicted, still protected by a disruption budget: {Blocked}) and deleted")]
    public static partial void SiteClusterLeft(ILogger logger, string node, int evicted, string blocked);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Error, Message = "Could not drain node {Node} from the site cluster ({Problem}); k3s was stopped, the site's node controller will remove it")]
    public static partial void SiteClusterLeaveFailed(ILogger logger, string node, string problem);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Information, Message = "Removed the work directory {Directory}: every result was delivered")]
    public static partial void WorkDirectoryRemoved(ILogger logger, string directory);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Warning, Message = "Keeping the work directory {Directory}: {Undelivered} result(s) did not reach the server; run 'pilot agent --work-dir {Directory} --server ...' to send them")]
    public static partial void WorkDirectoryKept(ILogger logger, string directory, int undelivered);

    [LoggerMessage(EventId = 1027, Level = LogLevel.Warning, Message = "Could not remove the work directory {Directory}: {Problem}")]
    public static partial void WorkDirectoryNotRemoved(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Server refused exchange {Sequence}: {Problem}; the next one takes the next number")]
    public static partial void ExchangeRefused(ILogger logger, long sequence, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} of Slurm job {BatchJobId} is lost: its payloads are requeued and no more work is placed there; the pilot goes on with its other nodes")]
    public static partial void NodeLost(ILogger logger, string node, string batchJobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slurm could not start a probe on node {Node}: {Problem}")]
    public static partial void NodeProbeFailed(ILogger logger, string node, string problem);
}
