using System.Text.Json.Serialization;

namespace Pilot.Contracts;

public sealed record ResourceRequest
{
    public static readonly TimeSpan DefaultWalltime = TimeSpan.FromHours(1);

    /// <summary>Cores on each of the job's nodes, as memory and GPUs are per node.</summary>
    public int Cores { get; init; } = 1;

    public long MemoryMb { get; init; }

    public int Gpus { get; init; }

    public int Nodes { get; init; } = 1;

    /// <summary>
    /// Copies of the command started as one Slurm job step (<c>srun --ntasks</c>), spread evenly over the nodes, each
    /// with an even part of its node's cores: MPI-style payloads. 0 (the default) is one per node; one task on the pilot's
    /// own node runs the command directly.
    /// </summary>
    public int Tasks { get; init; }

    /// <summary>The longest the payload may run; a pilot only takes the job if it has this much time left.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Walltime { get; init; } = DefaultWalltime;
}
