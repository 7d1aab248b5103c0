using Pilot.Contracts;

namespace Pilot.Core.Resources;

/// <summary>
/// What each node of a pilot has free, and where a job goes: a job takes its cores, memory and GPUs on each of
/// <see cref="ResourceRequest.Nodes"/> nodes. Among the nodes that fit, the fullest are taken first, so whole nodes
/// stay free for jobs that need several; ties go to the lower index (the pilot's own node is index 0).
/// </summary>
public sealed class NodePool
{
    private readonly ResourceSet[] _free;
    private readonly HashSet<int> _lost = [];

    public NodePool(IReadOnlyList<ResourceSet> freePerNode)
    {
        if (freePerNode.Count == 0)
        {
            throw new ArgumentException("a pilot has at least one node", nameof(freePerNode));
        }

        _free = [.. freePerNode.Select(node => node with { Nodes = 1 })];
    }

    public IReadOnlyList<ResourceSet> FreePerNode => _free;

    /// <summary>The sum over the nodes; <see cref="ResourceSet.Nodes"/> counts the nodes with a core free.</summary>
    public ResourceSet Free => new()
    {
        Cores = _free.Sum(node => node.Cores),
        MemoryMb = _free.Sum(node => node.MemoryMb),
        Gpus = _free.Sum(node => node.Gpus),
        Nodes = _free.Count(node => node.Cores > 0),
    };

    /// <summary>Takes the job's share on the nodes it goes to and returns their indices in ascending order; null when it does not fit.</summary>
    public IReadOnlyList<int>? TryTake(ResourceRequest request)
    {
        var share = request.PerNode();
        var chosen = Enumerable.Range(0, _free.Length)
            .Where(i => _free[i].Fits(share))
            .OrderBy(i => _free[i].Cores)
            .ThenBy(i => i)
            .Take(request.Nodes)
            .Order()
            .ToList();
        if (chosen.Count < request.Nodes)
        {
            return null;
        }

        foreach (var i in chosen)
        {
            _free[i] = _free[i].Minus(share);
        }

        return chosen;
    }

    /// <summary>Takes node <paramref name="index"/> out for good (the node was lost): nothing is placed there again.</summary>
    public bool Lose(int index)
    {
        _free[index] = new ResourceSet { Nodes = 1 };
        return _lost.Add(index);
    }

    /// <summary>Gives back what <see cref="TryTake"/> took on <paramref name="nodes"/>; a lost node gets nothing back.</summary>
    public void Give(ResourceRequest request, IReadOnlyList<int> nodes)
    {
        var share = request.PerNode();
        foreach (var i in nodes.Where(i => !_lost.Contains(i)))
        {
            _free[i] = _free[i].Plus(share);
        }
    }
}
