using Pilot.Contracts;
using Pilot.Core.Resources;

namespace Pilot.Agent.Leasing;

/// <summary>What the pilot has free right now, and which GPUs each payload holds.</summary>
internal sealed class ResourceLedger
{
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _freeGpus;
    private ResourceSet _free;

    public ResourceLedger(ResourceSet total, IReadOnlyList<int> gpuIds)
    {
        Total = total;
        _free = total;
        _freeGpus = new SortedSet<int>(gpuIds.Count > 0 ? gpuIds : Enumerable.Range(0, total.Gpus));
    }

    public ResourceSet Total { get; }

    public ResourceSet Free
    {
        get
        {
            lock (_gate)
            {
                return _free;
            }
        }
    }

    /// <summary>Takes what <paramref name="request"/> needs and returns the GPU indices it got.</summary>
    public IReadOnlyList<int> Reserve(ResourceRequest request)
    {
        lock (_gate)
        {
            if (!_free.Fits(request))
            {
                throw new InvalidOperationException($"the server granted {request} but only {_free} is free");
            }

            _free = _free.Minus(request);
            var gpus = _freeGpus.Take(request.Gpus).ToList();
            _freeGpus.ExceptWith(gpus);
            return gpus;
        }
    }

    public void Release(ResourceRequest request, IReadOnlyList<int> gpus)
    {
        lock (_gate)
        {
            _free = _free with { Cores = _free.Cores + request.Cores, MemoryMb = _free.MemoryMb + request.MemoryMb, Gpus = _free.Gpus + request.Gpus };
            _freeGpus.UnionWith(gpus);
        }
    }
}
