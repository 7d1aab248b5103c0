namespace Pilot.Contracts;

/// <summary>What a user asks to run: the payload, what it needs, and where it may run.</summary>
public sealed record JobSpec
{
    public string? Name { get; init; }

    /// <summary>The program and its arguments (no shell is involved unless the command is one).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Relative paths are resolved inside the attempt's scratch directory on the node.</summary>
    public string? WorkingDirectory { get; init; }

    public ResourceRequest Resources { get; init; } = new();

    public RuntimeSpec Runtime { get; init; } = new();

    public string Queue { get; init; } = "default";

    /// <summary>Only pilots registered with this site (<c>pilot agent --site</c>) take the job; null: any site.</summary>
    public string? Site { get; init; }

    /// <summary>The label that puts jobs in one group (a sweep), which <c>pilot group</c> and <c>/groups/{group}</c> show.</summary>
    public const string GroupLabel = "group";

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Higher runs first; equal priorities run in submission order.</summary>
    public int Priority { get; init; }

    public RetryPolicy? Retries { get; init; }

    /// <summary>
    /// Slurm's MPI plugin for the job's step (<c>srun --mpi=pmix</c>, <c>pmi2</c> or <c>none</c>); null takes the site's
    /// default. A job that sets it runs as a job step even on the pilot's own node, so its tasks find the PMI server.
    /// </summary>
    public string? Mpi { get; init; }

    /// <summary>Set for a cluster job: the nodes become a Dask or k3s cluster for this one workload.</summary>
    public ClusterSpec? Cluster { get; init; }

    /// <summary>Set for an interactive job: a notebook or web service opened in the browser through the server.</summary>
    public InteractiveSpec? Interactive { get; init; }

    /// <summary>Jobs that must succeed before this one runs; if one fails or is cancelled, this one is cancelled.</summary>
    public IReadOnlyList<long>? AfterOk { get; init; }

    /// <summary>Jobs that must end, however they end, before this one runs.</summary>
    public IReadOnlyList<long>? AfterAny { get; init; }

    /// <summary>
    /// A client's key for this submission: submitting again with the same key returns the job made the first time
    /// instead of a second one (safe retries). The <c>Idempotency-Key</c> header does the same.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
