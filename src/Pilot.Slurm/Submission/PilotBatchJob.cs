namespace Pilot.Slurm.Submission;

/// <summary>What a pilot batch job asks Slurm for and how its agent is started; rendered by <see cref="PilotJobScript"/>.</summary>
public sealed record PilotBatchJob
{
    public string JobName { get; init; } = "pilot";

    public string? Partition { get; init; }

    public string? Account { get; init; }

    public required TimeSpan Time { get; init; }

    public int Nodes { get; init; } = 1;

    /// <summary>Cores per node for the agent's payloads.</summary>
    public int Cores { get; init; } = 1;

    /// <summary>Memory per node in MB; 0 takes the partition's default.</summary>
    public long MemoryMb { get; init; }

    public int Gpus { get; init; }

    /// <summary>How long before the time limit Slurm sends SIGUSR1 (drain and evict).</summary>
    public TimeSpan SignalLead { get; init; } = TimeSpan.FromMinutes(2);

    public required string Server { get; init; }

    public string? TokenFile { get; init; }

    /// <summary>The <c>pilot</c> command as the batch shell runs it, e.g. <c>pilot</c> or <c>dotnet /opt/pilot/pilot.dll</c>.</summary>
    public IReadOnlyList<string> PilotCommand { get; init; } = ["pilot"];

    /// <summary>The agent's work directory on the node; the batch shell expands variables in it.</summary>
    public const string DefaultWorkDirectory = "${TMPDIR:-/tmp}/pilot-$SLURM_JOB_ID";

    public string WorkDirectory { get; init; } = DefaultWorkDirectory;

    /// <summary>Where Slurm writes the batch job's output (<c>%j</c> is the job id); null keeps Slurm's default.</summary>
    public string? Output { get; init; }

    /// <summary>More <c>pilot agent</c> flags, e.g. <c>--idle-timeout 10m</c>.</summary>
    public IReadOnlyList<string> AgentArguments { get; init; } = [];

    /// <summary>More <c>#SBATCH</c> options as the site writes them, e.g. <c>--qos=short</c>.</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];
}
