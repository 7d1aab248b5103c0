using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Leasing;
using Pilot.Contracts;
using Pilot.Runtimes;

namespace Pilot.Agent.Session;

/// <summary>This pilot's standing with the server: what it has, what it can run, and the id it registered under.</summary>
internal sealed class PilotSession(
    IPilotApi api,
    IAllocationDiscovery discovery,
    RuntimeCatalog catalog,
    TimeProvider time,
    Random random,
    IOptions<AgentOptions> options,
    ILogger<PilotSession> logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PilotRegistration? _registration;

    public AllocationInfo Allocation { get; private set; } = null!;

    public ResourceLedger Ledger { get; private set; } = null!;

    public string PilotId { get; private set; } = "";

    public TimeSpan HeartbeatInterval { get; private set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time until the allocation ends; null when nothing limits the pilot's life.</summary>
    public TimeSpan? WalltimeLeft(DateTimeOffset now) =>
        Allocation.WalltimeEnd is { } end ? (end > now ? end - now : TimeSpan.Zero) : null;

    /// <summary>Completes once the pilot is registered for the first time.</summary>
    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Allocation = Limited(await discovery.DiscoverAsync(cancellationToken), settings.Walltime);
        var resources = Allocation.Resources with
        {
            Cores = settings.Cores > 0 ? settings.Cores : Allocation.Resources.Cores,
            MemoryMb = settings.MemoryMb > 0 ? settings.MemoryMb : Allocation.Resources.MemoryMb,
        };
        Ledger = new ResourceLedger(Allocation.NodesOwnFirst, resources, Allocation.GpuIds, Allocation.CoresPerNodeOwnFirst);
        var probes = await catalog.ProbeAsync(cancellationToken);
        foreach (var probe in probes)
        {
            Log.RuntimeProbed(logger, probe.Name, probe.Available, probe.Version ?? probe.Reason ?? "");
        }

        _registration = new PilotRegistration
        {
            Hostname = Allocation.Hostname,
            Site = settings.Site,
            Resources = Ledger.Total,
            Runtimes = probes.Where(p => p.Available).Select(p => p.Name).ToList(),
            Queues = settings.Queues,
            WalltimeEnd = Allocation.WalltimeEnd,
            BatchJobId = Allocation.BatchJobId,
            NodeNames = Allocation.NodeNames,
            Version = typeof(PilotSession).Assembly.GetName().Version?.ToString(),
        };
        await RegisterAsync(cancellationToken);
        _ready.TrySetResult();
    }

    /// <summary>A <c>--walltime</c> shortens the allocation's life (or gives one to a pilot on a plain node).</summary>
    private AllocationInfo Limited(AllocationInfo allocation, TimeSpan? walltime)
    {
        if (walltime is not { } limit)
        {
            return allocation;
        }

        var end = time.GetUtcNow() + limit;
        return allocation with { WalltimeEnd = allocation.WalltimeEnd is { } given && given < end ? given : end };
    }

    /// <summary>Registers (again), retrying with backoff until the server answers or the pilot stops.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random);
        while (true)
        {
            try
            {
                var registered = await api.RegisterAsync(_registration!, cancellationToken);
                PilotId = registered.PilotId;
                HeartbeatInterval = options.Value.HeartbeatInterval ?? TimeSpan.FromSeconds(registered.HeartbeatIntervalSeconds);
                Log.Registered(logger, PilotId, options.Value.Server, _registration!.Resources.Cores, _registration.Resources.MemoryMb, string.Join(",", _registration.Runtimes));
                return;
            }
            catch (Exception e) when (ServerErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                Log.ServerUnreachable(logger, "register", options.Value.Server, e.Message);
                await backoff.DelayAsync(time, cancellationToken);
            }
        }
    }

    /// <summary>Tells the server this pilot is leaving and why; best effort, the lease reaper covers a pilot that cannot.</summary>
    public async Task DeregisterAsync(string? reason, bool nodeBroken)
    {
        if (PilotId.Length == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await api.DeregisterAsync(PilotId, reason, nodeBroken, timeout.Token);
        }
        catch (Exception e) when (ServerErrors.IsTransient(e) || e is Refit.ApiException)
        {
            Log.ServerUnreachable(logger, "deregister", options.Value.Server, e.Message);
        }
    }
}
