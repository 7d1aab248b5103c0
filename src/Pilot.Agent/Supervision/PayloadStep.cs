using Pilot.Agent.Leasing;
using Pilot.Contracts;
using Pilot.Core.Resources;
using Pilot.Runtimes;
using Pilot.Slurm.Steps;

namespace Pilot.Agent.Supervision;

/// <summary>
/// A payload that spans nodes or tasks runs as a Slurm job step (<c>srun</c>) on exactly the nodes reserved for it, with
/// its cores, memory and GPUs on each. Outside Slurm the pilot has one node and runs the command once; the
/// payload finds the task count in <c>PILOT_TASKS</c>.
/// </summary>
internal static class PayloadStep
{
    public static bool IsNeeded(ResourceRequest resources, Reservation reservation, string? batchJobId) =>
        batchJobId is not null && (!reservation.OwnNodeOnly || resources.TaskCount() > 1);

    public static PayloadCommand Wrap(PayloadCommand command, long jobId, ResourceRequest resources, Reservation reservation, string batchJobId) =>
        command.InStep(
            new SrunStep
            {
                NodeNames = reservation.NodeNames,
                Tasks = resources.TaskCount(),
                CoresPerTask = resources.CoresPerTask(),
                MemoryMbPerNode = resources.MemoryMb,
                GpusPerNode = resources.Gpus,
                Name = $"pilot-job-{jobId}",
            },
            batchJobId);
}
