using Microsoft.Extensions.Logging;
using Pilot.Agent.Leasing;
using Pilot.Contracts;
using Pilot.Runtimes;
using Pilot.Runtimes.Execution;
using Pilot.Slurm;

namespace Pilot.Agent.Allocation;

/// <summary>
/// Tells a payload that failed from a node that was lost under it. When a job step fails, each other node it ran on is
/// probed with a tiny step; a node Slurm can no longer start a task on is lost: the attempt becomes a pilot-side
/// failure (<see cref="AttemptOutcome.PilotLost"/>, requeued on its own retry budget) and the pilot places no more
/// work there.
/// </summary>
internal sealed class NodeLoss(ILogger<NodeLoss> logger)
{
    /// <summary>Longer than Slurm's message timeout (10 s by default), so a busy but living node is not taken for lost.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    private readonly SlurmCli _slurm = new(timeout: ProbeTimeout);

    public async Task<PayloadResult> JudgeAsync(PayloadResult result, Reservation reservation, ResourceLedger ledger, string batchJobId, PayloadLog log)
    {
        if (result.Outcome != AttemptOutcome.PayloadFailed)
        {
            return result;
        }

        var others = reservation.Nodes.Zip(reservation.NodeNames).Where(node => node.First != 0).Select(node => node.Second);
        var lost = (await Task.WhenAll(others.Select(async node => await ReachableAsync(batchJobId, node) ? null : node))).OfType<string>().ToList();
        if (lost.Count == 0)
        {
            return result;
        }

        foreach (var node in lost)
        {
            if (ledger.MarkLost(node))
            {
                Log.NodeLost(logger, node, batchJobId);
            }
        }

        var reason = $"node(s) {string.Join(",", lost)} lost while the payload ran there (Slurm can no longer start a task on them); the pilot places no more work there";
        log.Note(reason);
        return result with { Outcome = AttemptOutcome.PilotLost, Reason = reason };
    }

    private async Task<bool> ReachableAsync(string batchJobId, string node)
    {
        try
        {
            await _slurm.RunAsync(SlurmCommands.ProbeNode(batchJobId, node), CancellationToken.None);
            return true;
        }
        catch (SlurmException e)
        {
            Log.NodeProbeFailed(logger, node, e.Message);
            return false;
        }
    }
}
