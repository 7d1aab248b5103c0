using Pilot.Contracts;

namespace Pilot.Server.Tests;

/// <summary>Plays one pilot against an in-process server: registers, leases, reports, heartbeats, with the admin token.</summary>
internal sealed class PilotDriver
{
    private static readonly ResourceSet Free = new() { Cores = 4, MemoryMb = 8192, Gpus = 0, Nodes = 1 };

    private readonly InProcessServer _server;

    private PilotDriver(InProcessServer server, string pilotId)
    {
        _server = server;
        PilotId = pilotId;
    }

    public string PilotId { get; }

    public static async Task<PilotDriver> RegisterAsync(InProcessServer server) => new(server, (await server.RegisterPilotAsync()).PilotId);

    public async Task<IReadOnlyList<LeasedJob>> LeaseAsync(int maxJobs = 10) =>
        (await _server.Api.LeaseAsync(PilotId, new LeaseRequest { Free = Free, MaxJobs = maxJobs })).Jobs;

    public async Task<LeasedJob> LeaseOneAsync() => (await LeaseAsync(1)).Single();

    public Task ReportAsync(LeasedJob lease, AttemptOutcome outcome, int? exitCode = null, IReadOnlyList<AttemptPhase>? phases = null) =>
        _server.Api.ReportAsync(lease.LeaseId, new AttemptReport
        {
            FencingToken = lease.FencingToken,
            Outcome = outcome,
            ExitCode = exitCode ?? (outcome == AttemptOutcome.Succeeded ? 0 : outcome == AttemptOutcome.PayloadFailed ? 1 : null),
            FinishedAt = _server.Time.GetUtcNow(),
            Phases = phases,
        });

    /// <summary>Leases the next job and reports it with <paramref name="outcome"/>.</summary>
    public async Task<LeasedJob> RunAsync(AttemptOutcome outcome)
    {
        var lease = await LeaseOneAsync();
        await ReportAsync(lease, outcome);
        return lease;
    }

    public Task<HeartbeatResponse> HeartbeatAsync(params LeasedJob[] leases) =>
        _server.Api.HeartbeatAsync(PilotId, new Heartbeat { Leases = leases.Select(l => new LeaseRef(l.LeaseId, l.FencingToken)).ToList() });
}
