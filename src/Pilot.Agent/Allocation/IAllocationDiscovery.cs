namespace Pilot.Agent.Allocation;

/// <summary>Finds out what this pilot was given: the batch system's allocation, or the machine itself.</summary>
public interface IAllocationDiscovery
{
    Task<AllocationInfo> DiscoverAsync(CancellationToken cancellationToken);
}
