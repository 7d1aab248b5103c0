using Pilot.Contracts;

namespace Pilot.Agent.Allocation;

/// <summary>Outside a batch system: the machine's own cores and memory, no deadline.</summary>
internal sealed class MachineAllocationDiscovery : IAllocationDiscovery
{
    public Task<AllocationInfo> DiscoverAsync(CancellationToken cancellationToken)
    {
        var hostname = Environment.MachineName;
        return Task.FromResult(new AllocationInfo
        {
            Hostname = hostname,
            Resources = new ResourceSet { Cores = Environment.ProcessorCount, MemoryMb = MemInfo.TotalMb(), Gpus = 0, Nodes = 1 },
            NodeNames = [hostname],
        });
    }
}
