using System.ComponentModel.DataAnnotations;

namespace Pilot.Server.Provisioning;

/// <summary>How pilots for one queue are submitted: the batch job they ask for and the cap on how many exist at once.</summary>
public sealed class ProvisionedQueueOptions
{
    [Required(ErrorMessage = "name the queue these pilots serve")]
    public string Queue { get; set; } = "";

    /// <summary>Most pilot jobs pending or running in Slurm at once for this queue.</summary>
    [Range(1, 100_000)]
    public int MaxPilots { get; set; } = 10;

    /// <summary>The pilot job's time limit.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Time { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 100_000)]
    public int Cores { get; set; } = 1;

    /// <summary>Nodes per pilot job; a queued job that needs more gets a pilot job as wide as it.</summary>
    [Range(1, 10_000)]
    public int Nodes { get; set; } = 1;

    [Range(0, long.MaxValue)]
    public long MemoryMb { get; set; }

    [Range(0, 1024)]
    public int Gpus { get; set; }

    public string? Partition { get; set; }

    public string? Account { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SignalLead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>This server's URL as the compute nodes reach it.</summary>
    [Required(ErrorMessage = "set ServerUrl: this server's address as compute nodes reach it")]
    [Url]
    public string ServerUrl { get; set; } = "";

    /// <summary>A file on the nodes holding a pilot-role token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>How nodes start pilot, e.g. <c>pilot</c> or <c>dotnet /opt/pilot/pilot.dll</c>.</summary>
    [Required]
    public string PilotCommand { get; set; } = "pilot";

    /// <summary>Where Slurm writes each pilot job's output; <c>%j</c> is the job id.</summary>
    public string? Output { get; set; }

    /// <summary>More <c>pilot agent</c> flags; <c>--queue QUEUE</c> is always added.</summary>
    public List<string> AgentArguments { get; set; } = [];

    /// <summary>A site's own sbatch template; unset uses packaging/pilot.sbatch.template.</summary>
    public string? Template { get; set; }
}
