using System.Globalization;
using Microsoft.Extensions.Logging;
using Pilot.Contracts;
using Pilot.Slurm;

namespace Pilot.Agent.Allocation;

/// <summary>
/// Inside a Slurm job: the job id, its nodes, cores, memory and GPUs from Slurm's variables and commands, and its end
/// time from squeue. Every question Slurm cannot answer falls back to the node's own facts, with a log line saying so.
/// </summary>
internal sealed class SlurmAllocationDiscovery(
    SlurmCli slurm,
    Func<string, string?> environment,
    TimeZoneInfo controllerZone,
    ILogger<SlurmAllocationDiscovery> logger) : IAllocationDiscovery
{
    public async Task<AllocationInfo> DiscoverAsync(CancellationToken cancellationToken)
    {
        var jobId = environment("SLURM_JOB_ID") ?? throw new InvalidOperationException("SLURM_JOB_ID is not set: not inside a Slurm job");
        var hostname = Environment.MachineName;
        var nodes = await NodeNamesAsync(hostname, cancellationToken);
        var coresPerNode = CoresPerNode(nodes.Count);
        var cores = coresPerNode.Sum();
        var memoryMb = MemoryMb(cores / nodes.Count);
        var gpus = await GpusAsync(cancellationToken);
        var end = await EndTimeAsync(jobId, cancellationToken);
        Log.SlurmAllocation(logger, jobId, string.Join(",", nodes), cores, memoryMb, gpus.Count, end?.ToString("u", CultureInfo.InvariantCulture) ?? "none");
        return new AllocationInfo
        {
            Hostname = hostname,
            Resources = new ResourceSet { Cores = cores, MemoryMb = memoryMb, Gpus = gpus.Count, Nodes = nodes.Count },
            WalltimeEnd = end,
            BatchJobId = jobId,
            NodeNames = nodes,
            CoresPerNode = coresPerNode,
            GpuIds = gpus,
            Source = "slurm",
        };
    }

    private async Task<IReadOnlyList<string>> NodeNamesAsync(string hostname, CancellationToken cancellationToken)
    {
        var list = environment("SLURM_JOB_NODELIST") ?? environment("SLURM_NODELIST");
        if (string.IsNullOrWhiteSpace(list))
        {
            Log.SlurmFallback(logger, "node list", "SLURM_JOB_NODELIST is not set", $"this node only ({hostname})");
            return [hostname];
        }

        // Our own parser first: scontrol prints garbage for some malformed lists ("node[01-03" gives "node]").
        IReadOnlyList<string> parsed;
        try
        {
            parsed = Hostlist.Expand(list);
        }
        catch (FormatException e)
        {
            Log.SlurmFallback(logger, "node list", e.Message, $"this node only ({hostname})");
            return [hostname];
        }

        try
        {
            var output = await slurm.RunAsync(SlurmCommands.Hostnames(list), cancellationToken);
            var names = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return names.Length > 0 ? names : parsed;
        }
        catch (SlurmException e)
        {
            Log.SlurmFallback(logger, "node list", e.Message, "Pilot's own host list parser");
            return parsed;
        }
    }

    /// <summary>Cores on each node in node-list order: <c>SLURM_JOB_CPUS_PER_NODE</c>, which may differ per node, else this node's count on every node.</summary>
    private IReadOnlyList<int> CoresPerNode(int nodeCount)
    {
        if (nodeCount > 1 && environment("SLURM_JOB_CPUS_PER_NODE") is { Length: > 0 } perNode)
        {
            try
            {
                var counts = CpusPerNode.Parse(perNode);
                if (counts.Count == nodeCount)
                {
                    return counts;
                }

                Log.SlurmFallback(logger, "cores", $"SLURM_JOB_CPUS_PER_NODE={perNode} names {counts.Count} nodes, not {nodeCount}", "SLURM_CPUS_ON_NODE on every node");
            }
            catch (FormatException e)
            {
                Log.SlurmFallback(logger, "cores", e.Message, "SLURM_CPUS_ON_NODE on every node");
            }
        }

        if (Number(environment("SLURM_CPUS_ON_NODE")) is { } onNode and > 0)
        {
            return Enumerable.Repeat((int)onNode, nodeCount).ToList();
        }

        Log.SlurmFallback(logger, "cores", "SLURM_CPUS_ON_NODE is not set", $"{Environment.ProcessorCount} cores of this machine");
        return Enumerable.Repeat(Environment.ProcessorCount, nodeCount).ToList();
    }

    /// <summary>Total over the allocation's nodes: Slurm's value, capped by the cgroup limit where one is set.</summary>
    private long MemoryMb(int coresPerNode)
    {
        var perNode = Number(environment("SLURM_MEM_PER_NODE"))
            ?? Number(environment("SLURM_MEM_PER_CPU")) * coresPerNode
            ?? MemInfo.TotalMb();
        if (CgroupMemory.LimitMb() is { } limit && limit < perNode)
        {
            perNode = limit;
        }

        var nodes = Math.Max(1, (int?)Number(environment("SLURM_JOB_NUM_NODES")) ?? 1);
        return perNode * nodes;
    }

    private async Task<IReadOnlyList<int>> GpusAsync(CancellationToken cancellationToken)
    {
        if ((GpuList.ParseIndices(environment("SLURM_JOB_GPUS")) ?? GpuList.ParseIndices(environment("CUDA_VISIBLE_DEVICES"))) is { } given)
        {
            return given;
        }

        if (environment("PATH")?.Split(':').Any(dir => File.Exists(Path.Combine(dir, "nvidia-smi"))) != true)
        {
            return [];
        }

        try
        {
            return GpuList.ParseNvidiaSmi(await slurm.RunAsync(GpuList.NvidiaSmi, cancellationToken));
        }
        catch (SlurmException e)
        {
            Log.SlurmFallback(logger, "GPUs", e.Message, "no GPUs");
            return [];
        }
    }

    private async Task<DateTimeOffset?> EndTimeAsync(string jobId, CancellationToken cancellationToken)
    {
        if (Number(environment("SLURM_JOB_END_TIME")) is { } epoch and > 0)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        try
        {
            var output = await slurm.RunAsync(SlurmCommands.EndTime(jobId), cancellationToken);
            if (SlurmTime.ParseTimestamp(output, controllerZone) is { } end)
            {
                return end;
            }

            Log.SlurmFallback(logger, "end time", $"squeue says '{output.Trim()}' (no time limit)", "--walltime, else no deadline");
        }
        catch (SlurmException e)
        {
            Log.SlurmFallback(logger, "end time", e.Message, "--walltime (the job's time limit from the pilot's start), else no deadline");
        }

        return null;
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
