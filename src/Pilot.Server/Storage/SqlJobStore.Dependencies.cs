using System.Data.Common;
using Dapper;
using Pilot.Contracts;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    private const string AfterOk = "after_ok";
    private const string AfterAny = "after_any";

    /// <summary>
    /// Where a new job starts given the jobs it runs after: queued when they all ended as it needs, waiting while some
    /// have not ended, cancelled when one it needed to succeed did not. Returns the parents still to wait for.
    /// </summary>
    private async Task<(JobState State, string? Reason, IReadOnlyList<(long Parent, string Kind)> Pending)> PlanDependenciesAsync(
        DbConnection connection, DbTransaction transaction, JobSpec spec, string owner)
    {
        var wanted = (spec.AfterOk ?? []).Select(id => (Parent: id, Kind: AfterOk))
            .Concat((spec.AfterAny ?? []).Except(spec.AfterOk ?? []).Select(id => (Parent: id, Kind: AfterAny)))
            .DistinctBy(d => d.Parent)
            .ToList();
        var pending = new List<(long, string)>();
        foreach (var (parent, kind) in wanted)
        {
            // Locked so that a parent ending on another server meanwhile either waits for this job's dependency row or is seen ended.
            var row = await connection.QuerySingleOrDefaultAsync<JobRow>($"SELECT {JobColumns} FROM jobs WHERE id = @Id {dialect.LockRowsOf("jobs")}", new { Id = parent }, transaction);
            if (row is null || row.Owner != owner)
            {
                throw new BadHttpRequestException($"{kind}: job {parent} does not exist or is not yours; a job can only run after your own jobs");
            }

            var state = StoredEnum.Parse<JobState>(row.State);
            if (state is JobState.Waiting or JobState.Queued or JobState.Running)
            {
                pending.Add((parent, kind));
            }
            else if (kind == AfterOk && state != JobState.Succeeded)
            {
                return (JobState.Cancelled, NeverSatisfied(parent, state), []);
            }
        }

        return pending.Count == 0 ? (JobState.Queued, null, pending) : (JobState.Waiting, WaitingFor(pending.Select(p => p.Item1)), pending);
    }

    private static async Task InsertDependenciesAsync(DbConnection connection, DbTransaction transaction, long jobId, IReadOnlyList<(long Parent, string Kind)> parents)
    {
        foreach (var (parent, kind) in parents)
        {
            await connection.ExecuteAsync(
                "INSERT INTO dependencies (job_id, parent_id, kind) VALUES (@JobId, @Parent, @Kind)",
                new { JobId = jobId, Parent = parent, Kind = kind },
                transaction);
        }
    }

    /// <summary>
    /// A job ended as <paramref name="parentState"/>: its waiting dependents either move on (queued once nothing is left to
    /// wait for) or, when they needed it to succeed and it did not, are cancelled, and so on down the chain.
    /// </summary>
    private async Task ReleaseDependentsAsync(DbConnection connection, DbTransaction transaction, long parentId, JobState parentState)
    {
        var dependents = await connection.QueryAsync<(long JobId, string Kind)>(
            // Locked in id order: two parents of one job ending on two servers release it one after the other, the second seeing the first's release.
            $"SELECT d.job_id, d.kind FROM dependencies d JOIN jobs j ON j.id = d.job_id WHERE d.parent_id = @Parent AND j.state = 'waiting' ORDER BY j.id {dialect.LockRowsOf("j")}",
            new { Parent = parentId },
            transaction);
        foreach (var (jobId, kind) in dependents.ToList())
        {
            if (kind == AfterOk && parentState != JobState.Succeeded)
            {
                await connection.ExecuteAsync(
                    "UPDATE jobs SET state = 'cancelled', reason = @Reason, finished_at = @Now WHERE id = @Id",
                    new { Id = jobId, Reason = NeverSatisfied(parentId, parentState), Now = NowMs },
                    transaction);
                await connection.ExecuteAsync("DELETE FROM dependencies WHERE job_id = @Id", new { Id = jobId }, transaction);
                await ReleaseDependentsAsync(connection, transaction, jobId, JobState.Cancelled);
                continue;
            }

            await connection.ExecuteAsync(
                "DELETE FROM dependencies WHERE job_id = @Id AND parent_id = @Parent", new { Id = jobId, Parent = parentId }, transaction);
            var left = (await connection.QueryAsync<long>("SELECT parent_id FROM dependencies WHERE job_id = @Id ORDER BY parent_id", new { Id = jobId }, transaction)).ToList();
            await connection.ExecuteAsync(
                "UPDATE jobs SET state = @State, reason = @Reason WHERE id = @Id",
                new { Id = jobId, State = StoredEnum.Text(left.Count == 0 ? JobState.Queued : JobState.Waiting), Reason = left.Count == 0 ? null : WaitingFor(left) },
                transaction);
            if (left.Count == 0)
            {
                queueSignal.Pulse();
            }
        }
    }

    private static string WaitingFor(IEnumerable<long> parents) => $"waiting for job(s) {string.Join(", ", parents)} to end";

    private static string NeverSatisfied(long parent, JobState state) =>
        $"cancelled: job {parent}, which it runs after, ended as {StoredEnum.Text(state)} instead of succeeding";
}
