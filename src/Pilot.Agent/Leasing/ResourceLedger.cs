using Pilot.Contracts;
using Pilot.Core.Resources;

namespace Pilot.Agent.Leasing;

/// <summary>
/// What the pilot has free on each of its nodes right now, where each payload runs, and which GPUs of the pilot's own
/// node it holds. The allocation's cores are split as the batch system reported them per node, else evenly; memory is
/// split evenly; every node is taken to have as many GPUs as the pilot's own.
/// </summary>
internal sealed class ResourceLedger
{
    private readonly Lock _gate = new();
    private readonly NodePool _pool;
    private readonly SortedSet<int> _freeGpus;
    private readonly IReadOnlyList<string> _nodeNames;
    private readonly List<string> _lost = [];

    /// <param name="nodeNames">The pilot's nodes, its own first.</param>
    /// <param name="allocation">Cores and memory over all nodes; GPUs of one node.</param>
    /// <param name="coresPerNode">Cores of each node in <paramref name="nodeNames"/> order, when known and adding up to the allocation's.</param>
    public ResourceLedger(IReadOnlyList<string> nodeNames, ResourceSet allocation, IReadOnlyList<int> gpuIds, IReadOnlyList<int>? coresPerNode = null)
    {
        _nodeNames = nodeNames;
        var nodes = Split(allocation, nodeNames.Count);
        if (coresPerNode is { } cores && cores.Count == nodes.Count && cores.Sum() == allocation.Cores)
        {
            nodes = [.. nodes.Select((node, i) => node with { Cores = cores[i] })];
        }

        _pool = new NodePool(nodes);
        Total = _pool.Free;
        _freeGpus = new SortedSet<int>(gpuIds.Count > 0 ? gpuIds : Enumerable.Range(0, allocation.Gpus));
    }

    public ResourceSet Total { get; }

    public ResourceSet Free
    {
        get
        {
            lock (_gate)
            {
                return _pool.Free;
            }
        }
    }

    public IReadOnlyList<ResourceSet> FreePerNode
    {
        get
        {
            lock (_gate)
            {
                return [.. _pool.FreePerNode];
            }
        }
    }

    /// <summary>Takes what <paramref name="request"/> needs where it fits, as the server saw it when it granted the job.</summary>
    public Reservation Reserve(ResourceRequest request)
    {
        lock (_gate)
        {
            var nodes = _pool.TryTake(request)
                ?? throw new InvalidOperationException($"the server granted {request} but no {request.Nodes} node(s) of {string.Join(", ", _pool.FreePerNode)} fit it");
            var gpus = nodes.Contains(0) ? _freeGpus.Take(request.Gpus).ToList() : [];
            _freeGpus.ExceptWith(gpus);
            return new Reservation(nodes, [.. nodes.Select(i => _nodeNames[i])], gpus);
        }
    }

    /// <summary>Nodes lost for good (see <see cref="MarkLost"/>), by name.</summary>
    public IReadOnlyList<string> LostNodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _lost];
            }
        }
    }

    /// <summary>Places no more work on <paramref name="node"/>; false when it was lost already (or is not one of the pilot's).</summary>
    public bool MarkLost(string node)
    {
        var index = _nodeNames.ToList().IndexOf(node);
        lock (_gate)
        {
            if (index <= 0 || !_pool.Lose(index))
            {
                return false;
            }

            _lost.Add(node);
            return true;
        }
    }

    public void Release(ResourceRequest request, Reservation reservation)
    {
        lock (_gate)
        {
            _pool.Give(request, reservation.Nodes);
            _freeGpus.UnionWith(reservation.Gpus);
        }
    }

    private static List<ResourceSet> Split(ResourceSet allocation, int nodes) =>
        [.. Enumerable.Range(0, nodes).Select(i => new ResourceSet
        {
            Cores = Share(allocation.Cores, nodes, i),
            MemoryMb = Share(allocation.MemoryMb, nodes, i),
            Gpus = allocation.Gpus,
            Nodes = 1,
        })];

    /// <summary>Node <paramref name="index"/>'s part of <paramref name="amount"/>: even, the first nodes taking the remainder.</summary>
    private static int Share(int amount, int nodes, int index) => (int)Share((long)amount, nodes, index);

    private static long Share(long amount, int nodes, int index) => (amount / nodes) + (index < amount % nodes ? 1 : 0);
}
