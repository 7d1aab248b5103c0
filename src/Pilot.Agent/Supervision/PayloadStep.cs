using Pilot.Agent.Allocation;
using Pilot.Agent.Leasing;
using Pilot.Contracts;
using Pilot.Core.Resources;
using Pilot.Runtimes;
using Pilot.Slurm.Steps;

namespace Pilot.Agent.Supervision;

/// <summary>
/// A payload that spans nodes or tasks, or asks for an MPI plugin, runs as a Slurm job step (<c>srun</c>) on exactly
/// the nodes reserved for it, with its cores, memory and GPUs on each, and each of several tasks gets its rank
/// variables. Outside Slurm the pilot has one node and runs the command once; the payload finds the task count in
/// <c>PILOT_TASKS</c>.
/// </summary>
internal static class PayloadStep
{
    public static bool IsNeeded(JobSpec spec, Reservation reservation, string? batchJobId) =>
        batchJobId is not null && (!reservation.OwnNodeOnly || spec.Resources.TaskCount() > 1 || spec.Mpi is not null);

    public static PayloadCommand Wrap(PayloadCommand command, long jobId, JobSpec spec, Reservation reservation, AllocationInfo allocation, Random random)
    {
        var resources = spec.Resources;
        return command.InStep(
            new SrunStep
            {
                NodeNames = reservation.NodeNames,
                Tasks = resources.TaskCount(),
                CoresPerTask = resources.CoresPerTask(),
                MemoryMbPerNode = resources.MemoryMb,
                GpusPerNode = resources.Gpus,
                Name = $"pilot-job-{jobId}",
                Mpi = spec.Mpi,
                Rendezvous = resources.TaskCount() > 1 ? Rendezvous(reservation, allocation, random) : null,
            },
            allocation.BatchJobId!);
    }

    /// <summary>Rank 0 runs on the step's first node in Slurm's order, the order of the allocation's node list.</summary>
    private static TaskRendezvous Rendezvous(Reservation reservation, AllocationInfo allocation, Random random)
    {
        var order = allocation.NodeNames.Select((node, i) => (node, i)).ToDictionary(n => n.node, n => n.i);
        var first = reservation.Nodes.Zip(reservation.NodeNames).MinBy(node => order.GetValueOrDefault(node.Second, int.MaxValue));
        return TaskRendezvous.On(first.Second, isThisNode: first.First == 0, random);
    }
}
