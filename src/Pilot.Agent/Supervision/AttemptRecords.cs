using Microsoft.Extensions.Options;
using Pilot.Agent.WorkFiles;
using Pilot.Contracts;

namespace Pilot.Agent.Supervision;

/// <summary>
/// The attempts this agent runs, in <c>WORK/running.jsonl</c>. An agent killed outright cannot clean up; the next
/// agent on the same work directory finds the attempts begun and never ended, kills what they left and tells the server.
/// </summary>
internal sealed class AttemptRecords : IDisposable
{
    public const string FileName = "running.jsonl";

    private readonly DurableMap<LeasedJob> _running;

    public AttemptRecords(IOptions<AgentOptions> options)
    {
        _running = new DurableMap<LeasedJob>(Path.Combine(options.Value.WorkDirectory, FileName));
        Leftovers = [.. _running.Entries.Select(e => e.Value)];
    }

    /// <summary>The attempts a previous agent on this work directory began and never ended.</summary>
    public IReadOnlyList<LeasedJob> Leftovers { get; }

    public void Begin(LeasedJob job) => _running.Set(job.LeaseId, job);

    public void End(string leaseId) => _running.Remove(leaseId);

    public void Dispose() => _running.Dispose();
}
