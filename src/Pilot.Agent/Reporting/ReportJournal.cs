using Microsoft.Extensions.Options;
using Pilot.Agent.WorkFiles;
using Pilot.Contracts;

namespace Pilot.Agent.Reporting;

/// <summary>
/// Attempt results in <c>WORK/journal.jsonl</c> until the server has them. Written before the first send, removed
/// after the server accepts or refuses, so a result survives a server outage and an agent restart.
/// </summary>
internal sealed class ReportJournal(IOptions<AgentOptions> options) : IDisposable
{
    public const string FileName = "journal.jsonl";

    private readonly DurableMap<AttemptReport> _pending = new(Path.Combine(options.Value.WorkDirectory, FileName));

    public void Save(string leaseId, AttemptReport report) => _pending.Set(leaseId, report);

    public void Remove(string leaseId) => _pending.Remove(leaseId);

    public bool Contains(string leaseId) => _pending.Contains(leaseId);

    public IReadOnlyList<(string LeaseId, AttemptReport Report)> Pending() => [.. _pending.Entries.Select(e => (e.Key, e.Value))];

    public void Dispose() => _pending.Dispose();
}
