using System.Globalization;

namespace Pilot.Slurm.Steps;

/// <summary>
/// A payload run as a job step inside the pilot's allocation: on exactly the nodes the pilot reserved for it, with
/// its own CPUs (<c>--exclusive</c>) so concurrent steps never share cores, or sharing them (<c>--overlap</c>).
/// </summary>
public sealed record SrunStep
{
    public required IReadOnlyList<string> NodeNames { get; init; }

    public int Tasks { get; init; } = 1;

    public int CoresPerTask { get; init; } = 1;

    /// <summary>GPUs on each node, bound to the step by Slurm (which sets the tasks' <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public int GpusPerNode { get; init; }

    /// <summary>Memory per node in MB; 0 leaves Slurm's default.</summary>
    public long MemoryMbPerNode { get; init; }

    /// <summary>Share CPUs with other steps instead of holding them.</summary>
    public bool Overlap { get; init; }

    public string? Name { get; init; }

    /// <summary>Slurm's MPI plugin for the step (<c>--mpi=pmix</c>, <c>pmi2</c>, <c>none</c>); null leaves the site's <c>MpiDefault</c>.</summary>
    public string? Mpi { get; init; }

    /// <summary>Sets each task's rank variables (<see cref="TaskRendezvous"/>); null runs the command as it is.</summary>
    public TaskRendezvous? Rendezvous { get; init; }

    /// <summary>Variables the step's tasks need beside the payload's own: the rendezvous' job-wide ones.</summary>
    public IReadOnlyDictionary<string, string> Environment => Rendezvous?.Environment(Tasks, NodeNames.Count) ?? new Dictionary<string, string>();

    public SlurmCommand Wrap(string program, IEnumerable<string> arguments)
    {
        var options = new List<string>
        {
            $"--nodes={NodeNames.Count}",
            $"--ntasks={Tasks.ToString(CultureInfo.InvariantCulture)}",
            $"--cpus-per-task={CoresPerTask.ToString(CultureInfo.InvariantCulture)}",
            $"--nodelist={string.Join(',', NodeNames)}",
            Overlap ? "--overlap" : "--exclusive",
            "--kill-on-bad-exit=1",
        };
        if (Tasks > 1 && Tasks % NodeNames.Count == 0)
        {
            options.Add($"--ntasks-per-node={(Tasks / NodeNames.Count).ToString(CultureInfo.InvariantCulture)}");
        }

        if (GpusPerNode > 0)
        {
            options.Add($"--gpus-per-node={GpusPerNode.ToString(CultureInfo.InvariantCulture)}");
        }

        if (MemoryMbPerNode > 0)
        {
            options.Add($"--mem={MemoryMbPerNode.ToString(CultureInfo.InvariantCulture)}M");
        }

        if (Name is { Length: > 0 } name)
        {
            options.Add($"--job-name={name}");
        }

        if (Mpi is { Length: > 0 } mpi)
        {
            options.Add($"--mpi={mpi}");
        }

        IReadOnlyList<string> task = Rendezvous is null ? [program, .. arguments] : TaskRendezvous.Wrap(program, arguments);
        return new SlurmCommand("srun", [.. options, "--", .. task]);
    }
}
