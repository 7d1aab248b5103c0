using Microsoft.Extensions.Options;
using Pilot.Agent.WorkFiles;
using Pilot.Contracts;

namespace Pilot.Agent.Reporting;

/// <summary>
/// Attempt results in <c>WORK/journal.jsonl</c> until the server has them: written when the attempt ends, sent with
/// the pilot's next exchange, removed when its receipt comes back (accepted or refused), so a result survives a server
/// outage and an agent restart.
/// </summary>
internal sealed class ReportJournal(IOptions<AgentOptions> options) : IDisposable
{
    public const string FileName = "journal.jsonl";

    private readonly DurableMap<AttemptReport> _pending = new(Path.Combine(options.Value.WorkDirectory, FileName));

    public void Save(string leaseId, AttemptReport report) => _pending.Set(leaseId, report);

    public void Remove(string leaseId) => _pending.Remove(leaseId);

    public bool Contains(string leaseId) => _pending.Contains(leaseId);

    public int Count => _pending.Count;

    /// <summary>Up to <paramref name="max"/> of the reports the server has not given a receipt for, but those <paramref name="held"/> says wait.</summary>
    public IReadOnlyList<LeaseReport> Pending(int max, Func<string, bool> held) =>
        [.. _pending.Entries.Where(e => !held(e.Key)).Take(max).Select(e => new LeaseReport(e.Key, e.Value))];

    public void Dispose() => _pending.Dispose();
}
