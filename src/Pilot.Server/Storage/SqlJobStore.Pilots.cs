using System.Data.Common;
using Dapper;
using Pilot.Contracts;
using Pilot.Core.Leasing;

namespace Pilot.Server.Storage;

internal sealed partial class SqlJobStore
{
    /// <summary>Pilots with the number of attempts each is running, as <see cref="PilotView"/> shows them.</summary>
    private const string PilotViews =
        "SELECT p.*, (SELECT COUNT(*) FROM attempts a WHERE a.pilot_id = p.id AND a.outcome = 'running') AS running_jobs FROM pilots p";

    /// <summary>A pilot once found on a broken node stays marked, whatever it says later.</summary>
    private const string KeepNodeBroken = "node_broken = CASE WHEN @NodeBroken = 1 THEN 1 ELSE node_broken END";

    public async Task<string> RegisterPilotAsync(PilotRegistration registration, string owner, CancellationToken cancellationToken)
    {
        var id = $"{registration.Hostname}-{Guid.NewGuid().ToString("N")[..8]}";
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                """
                INSERT INTO pilots (id, owner, hostname, site, state, resources, free, runtimes, queues, walltime_end, batch_job_id, node_names, version, registered_at, last_heartbeat)
                VALUES (@Id, @Owner, @Hostname, @Site, 'active', @Resources, @Resources, @Runtimes, @Queues, @WalltimeEnd, @BatchJobId, @NodeNames, @Version, @Now, @Now)
                """,
                new
                {
                    Id = id,
                    Owner = owner,
                    registration.Hostname,
                    registration.Site,
                    Resources = Json(registration.Resources),
                    Runtimes = string.Join(',', registration.Runtimes),
                    Queues = string.Join(',', registration.Queues),
                    WalltimeEnd = registration.WalltimeEnd?.ToUnixTimeMilliseconds(),
                    registration.BatchJobId,
                    NodeNames = string.Join(',', registration.NodeNames),
                    registration.Version,
                    Now = NowMs,
                },
                transaction),
            cancellationToken);
        return id;
    }

    public Task<PilotView> OrderPilotAsync(string pilotId, PilotCommand order, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var updated = await connection.ExecuteAsync(
                    "UPDATE pilots SET pending_order = @Order WHERE id = @Id AND state = 'active'", new { Id = pilotId, Order = Json(order) }, transaction);
                return updated == 1
                    ? ToView(await connection.QuerySingleAsync<PilotRow>($"{PilotViews} WHERE p.id = @Id", new { Id = pilotId }, transaction))
                    : throw new NotFoundException($"no active pilot {pilotId}; 'pilot pilots' lists them");
            },
            cancellationToken);

    public Task DeregisterPilotAsync(string pilotId, string? owner, string? reason, bool nodeBroken, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await FindPilotAsync(connection, pilotId, transaction, owner);
                return await connection.ExecuteAsync(
                    $"""
                    UPDATE pilots SET state = 'gone', last_heartbeat = @Now, drain_reason = COALESCE(@Reason, drain_reason), {KeepNodeBroken}
                    WHERE id = @Id
                    """,
                    new { Id = pilotId, Now = NowMs, Reason = reason, NodeBroken = nodeBroken ? 1L : 0L },
                    transaction);
            },
            cancellationToken);

    public Task<IReadOnlyList<PilotView>> ListPilotsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<PilotView>>(
            async connection =>
            {
                var rows = await connection.QueryAsync<PilotRow>($"{PilotViews} ORDER BY p.registered_at DESC");
                return rows.Select(ToView).ToList();
            },
            cancellationToken);

    public Task<HeartbeatResponse> HeartbeatAsync(string pilotId, string? owner, Heartbeat heartbeat, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await BeatAsync(connection, transaction, await FindPilotAsync(connection, pilotId, transaction, owner), heartbeat),
            cancellationToken);

    /// <summary>
    /// What a heartbeat does, alone or inside an exchange: records how the pilot is, renews the leases it still holds (in
    /// one statement, and only those not renewed within the last <see cref="RenewalSlack"/>), and collects its orders.
    /// </summary>
    private async Task<HeartbeatResponse> BeatAsync(DbConnection connection, DbTransaction transaction, PilotRow pilot, Heartbeat heartbeat)
    {
        var now = NowMs;
        await connection.ExecuteAsync(
            $"""
            UPDATE pilots SET last_heartbeat = @Now, free = COALESCE(@Free, free), state = @State, drain_reason = @DrainReason,
                lost_nodes = COALESCE(@LostNodes, lost_nodes),
                {KeepNodeBroken}{(pilot.PendingOrder is null ? string.Empty : ", pending_order = NULL")}
            WHERE id = @Id
            """,
            new
            {
                pilot.Id,
                Now = now,
                Free = heartbeat.Free is { } free ? Json(free) : null,
                State = heartbeat.Draining ? "draining" : "active",
                heartbeat.DrainReason,
                NodeBroken = heartbeat.NodeBroken ? 1L : 0L,
                LostNodes = heartbeat.LostNodes is { Count: > 0 } lost ? string.Join(',', lost) : null,
            },
            transaction);

        var commands = new List<PilotCommand>();
        if (pilot.PendingOrder is { } order)
        {
            commands.Add(FromJson<PilotCommand>(order));
        }

        if (heartbeat.Leases.Count == 0)
        {
            return new HeartbeatResponse([], commands);
        }

        var held = (await connection.QueryAsync<AttemptRow>(
            // Locked (in one order) so that a report, the reaper or a cancel on another server waits for the renewal or is seen by it.
            $"SELECT * FROM attempts WHERE pilot_id = @PilotId AND outcome = 'running' ORDER BY lease_id {dialect.LockRowsOf("attempts")}", new { PilotId = pilot.Id }, transaction)).ToDictionary(a => a.LeaseId);
        var expiresAt = now + (long)Options.LeaseTtl.TotalMilliseconds;
        var renewed = new List<LeaseRenewal>();
        var stale = new List<string>();
        foreach (var reference in heartbeat.Leases)
        {
            if (!held.TryGetValue(reference.LeaseId, out var attempt) || attempt.Number != reference.FencingToken)
            {
                commands.Add(new PilotCommand(PilotCommandKind.Kill, reference.LeaseId, await WhyNotHeldAsync(connection, transaction, pilot.Id, reference)));
                continue;
            }

            var renew = attempt.ExpiresAt < expiresAt - (long)RenewalSlack.TotalMilliseconds;
            if (renew)
            {
                stale.Add(attempt.LeaseId);
            }

            renewed.Add(new LeaseRenewal(reference.LeaseId, At(renew ? expiresAt : attempt.ExpiresAt)));
            if (attempt.KillRequested != 0)
            {
                commands.Add(attempt.KillGraceS is { } grace
                    ? new PilotCommand(PilotCommandKind.SoftKill, reference.LeaseId, CancelReason.StopOrderWithGrace, (int)grace)
                    : new PilotCommand(PilotCommandKind.Kill, reference.LeaseId, CancelReason.StopOrder));
            }
        }

        if (stale.Count > 0)
        {
            await connection.ExecuteAsync(
                $"UPDATE attempts SET expires_at = @ExpiresAt WHERE {dialect.AnyOf("lease_id", "@Leases")}", new { ExpiresAt = expiresAt, Leases = stale }, transaction);
        }

        return new HeartbeatResponse(renewed, commands);
    }

    /// <summary>A renewal younger than this is not written again: a pilot exchanging many times a second costs no write per lease each time.</summary>
    private TimeSpan RenewalSlack => Options.LeaseTtl / 10 < TimeSpan.FromSeconds(1) ? Options.LeaseTtl / 10 : TimeSpan.FromSeconds(1);

    /// <summary>Why a lease the pilot names is not one it holds: unknown, ended, or held with another fencing token.</summary>
    private static async Task<string> WhyNotHeldAsync(DbConnection connection, DbTransaction transaction, string pilotId, LeaseRef reference)
    {
        var attempt = await connection.QuerySingleOrDefaultAsync<AttemptRow>(
            "SELECT * FROM attempts WHERE lease_id = @LeaseId AND pilot_id = @PilotId", new { reference.LeaseId, PilotId = pilotId }, transaction);
        if (attempt is null)
        {
            return "the server does not know this lease";
        }

        try
        {
            ToLease(attempt).Renew(reference.FencingToken, At(0), TimeSpan.Zero);
            return "the server does not know this lease";
        }
        catch (StaleLeaseException e)
        {
            return e.Message;
        }
    }

    /// <summary>A pilot registered under another pilot token is reported as unknown.</summary>
    private static async Task<PilotRow> FindPilotAsync(DbConnection connection, string pilotId, DbTransaction? transaction, string? owner)
    {
        var pilot = await connection.QuerySingleOrDefaultAsync<PilotRow>("SELECT * FROM pilots WHERE id = @Id", new { Id = pilotId }, transaction);
        return pilot is { State: not "gone" and not "lost" } && (owner is null || pilot.Owner == owner)
            ? pilot
            : throw new NotFoundException($"pilot {pilotId} is not registered (or was declared lost); register again");
    }

    private static PilotView ToView(PilotRow row) => new()
    {
        Id = row.Id,
        Hostname = row.Hostname,
        Site = row.Site,
        State = row.State,
        Resources = FromJson<ResourceSet>(row.Resources),
        Free = row.Free is { } free ? FromJson<ResourceSet>(free) : null,
        Runtimes = row.Runtimes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        Queues = row.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries),
        WalltimeEnd = At(row.WalltimeEnd),
        BatchJobId = row.BatchJobId,
        RegisteredAt = At(row.RegisteredAt),
        LastHeartbeat = At(row.LastHeartbeat),
        RunningJobs = (int)row.RunningJobs,
        DrainReason = row.DrainReason,
        NodeBroken = row.NodeBroken != 0,
        LostNodes = row.LostNodes?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
    };
}
