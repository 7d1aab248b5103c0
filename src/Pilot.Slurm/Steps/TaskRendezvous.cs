using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pilot.Slurm.Steps;

/// <summary>
/// What PyTorch's <c>env://</c> initialisation, <c>torchrun</c>, Horovod and Lightning read in each task of a multi-task
/// step. The job-wide values go into the step's environment; the per-task ranks come from Slurm's own step variables,
/// mapped inside each task by a constant script that receives the payload's words as its arguments, so no word of
/// the payload is ever parsed by a shell.
/// </summary>
/// <param name="MasterAddress">The step's first node (Slurm's node 0, where rank 0 runs).</param>
/// <param name="MasterPort">A port for rank 0 to listen on.</param>
public sealed record TaskRendezvous(string MasterAddress, int MasterPort)
{
    /// <summary>Maps Slurm's per-task variables, then becomes the payload (<c>"$@"</c>).</summary>
    public const string TaskScript =
        "export RANK=\"$SLURM_PROCID\" LOCAL_RANK=\"$SLURM_LOCALID\" NODE_RANK=\"$SLURM_NODEID\" GROUP_RANK=\"$SLURM_NODEID\"; exec \"$@\"";

    /// <summary>Ports below Linux's ephemeral range (32768 up), where rank 0's listening port is picked on another node.</summary>
    private const int LowPort = 20000;
    private const int HighPort = 32768;

    /// <summary>
    /// A rendezvous on <paramref name="firstNode"/>. On this pilot's own node the port is one the kernel just gave out
    /// as free; on another node, which the pilot cannot look into, a random one below the ephemeral range, where
    /// outgoing connections never take it.
    /// </summary>
    public static TaskRendezvous On(string firstNode, bool isThisNode, Random random) => new(firstNode, isThisNode ? FreePort() : random.Next(LowPort, HighPort));

    /// <summary>The job-wide variables of a step of <paramref name="tasks"/> tasks over <paramref name="nodes"/> nodes.</summary>
    public IReadOnlyDictionary<string, string> Environment(int tasks, int nodes) => new Dictionary<string, string>
    {
        ["MASTER_ADDR"] = MasterAddress,
        ["MASTER_PORT"] = MasterPort.ToString(CultureInfo.InvariantCulture),
        ["WORLD_SIZE"] = tasks.ToString(CultureInfo.InvariantCulture),
        ["LOCAL_WORLD_SIZE"] = (tasks / Math.Max(1, nodes)).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The words each task runs: the mapping script, then the payload's own words as its arguments.</summary>
    public static IReadOnlyList<string> Wrap(string program, IEnumerable<string> arguments) =>
        ["/bin/sh", "-c", TaskScript, "pilot-task", program, .. arguments];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
