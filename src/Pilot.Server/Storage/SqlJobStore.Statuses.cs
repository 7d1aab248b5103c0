using Dapper;
using Pilot.Contracts;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    public Task<JobStatuses> GetStatusesAsync(IReadOnlyList<long> ids, string? owner, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var distinct = ids.Distinct().ToList();
                var rows = distinct.Count == 0
                    ? []
                    : (await connection.QueryAsync<JobRow>(
                        $"SELECT id, state, exit_code, last_outcome, reason, attempts FROM jobs WHERE {dialect.AnyOf("id", "@Ids")} AND (@Owner IS NULL OR owner = @Owner)",
                        new { Ids = distinct, Owner = owner })).ToDictionary(row => row.Id);
                var found = distinct.Where(rows.ContainsKey).Select(id => ToStatus(rows[id])).ToList();
                return new JobStatuses(found, distinct.Where(id => !rows.ContainsKey(id)).ToList());
            },
            cancellationToken);

    private static JobStatus ToStatus(JobRow row) => new(row.Id, StoredEnum.Parse<JobState>(row.State))
    {
        ExitCode = (int?)row.ExitCode,
        LastOutcome = row.LastOutcome is { } outcome ? StoredEnum.Parse<AttemptOutcome>(outcome) : null,
        Reason = row.Reason,
        Attempts = (int)row.Attempts,
    };
}
