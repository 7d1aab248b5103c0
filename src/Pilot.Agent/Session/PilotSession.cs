using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Allocation;
using Pilot.Agent.Leasing;
using Pilot.Contracts;
using Pilot.Runtimes;

namespace Pilot.Agent.Session;

/// <summary>What this pilot is: the allocation it runs in, what it has free, and what it tells the server when it registers.</summary>
internal sealed class PilotSession(
    IAllocationDiscovery discovery,
    RuntimeCatalog catalog,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<PilotSession> logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AllocationInfo Allocation { get; private set; } = null!;

    public ResourceLedger Ledger { get; private set; } = null!;

    /// <summary>What <see cref="PilotExchange"/> registers this pilot with.</summary>
    public PilotRegistration Registration { get; private set; } = null!;

    /// <summary>Time until the allocation ends; null when nothing limits the pilot's life.</summary>
    public TimeSpan? WalltimeLeft(DateTimeOffset now) =>
        Allocation.WalltimeEnd is { } end ? (end > now ? end - now : TimeSpan.Zero) : null;

    /// <summary>Completes once the allocation is known and the ledger set up.</summary>
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

        Registration = new PilotRegistration
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
}
