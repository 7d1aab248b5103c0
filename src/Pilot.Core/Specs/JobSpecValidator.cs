using System.Text.RegularExpressions;
using Pilot.Contracts;
using Pilot.Core.Resources;

namespace Pilot.Core.Specs;

/// <summary>Checks a job spec and names every bad field with what is allowed instead.</summary>
public sealed partial class JobSpecValidator(IReadOnlySet<string>? knownRuntimes)
{
    public const int MaxCores = 100_000;
    public const int MaxNameLength = 200;
    public static readonly TimeSpan MaxWalltime = TimeSpan.FromDays(30);

    /// <summary>Slurm's MPI plugins (<c>srun --mpi=list</c>) a job may ask for.</summary>
    public static readonly IReadOnlySet<string> MpiPlugins = new HashSet<string>(
        ["none", "pmi2", "pmix", "pmix_v2", "pmix_v3", "pmix_v4", "pmix_v5", "cray_shasta"], StringComparer.Ordinal);

    public JobSpecValidator()
        : this(RuntimeNames.BuiltIn)
    {
    }

    /// <summary>For clients: which runtimes exist is the server's to say, since a site may configure its own.</summary>
    public static JobSpecValidator ForClients { get; } = new((IReadOnlySet<string>?)null);

    /// <summary>The built-in runtimes plus those a site configured by name.</summary>
    public static JobSpecValidator WithSiteRuntimes(IEnumerable<string> siteRuntimes) =>
        new(new HashSet<string>(RuntimeNames.BuiltIn.Concat(siteRuntimes), StringComparer.Ordinal));

    public IReadOnlyList<SpecError> Validate(JobSpec spec)
    {
        var errors = new List<SpecError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new SpecError(field, message));
            }
        }

        Check(ClusterSpecValidator.RunsManifests(spec) || InteractiveSpecValidator.StartsItsOwnCommand(spec) || (spec.Command is { Count: > 0 } && !string.IsNullOrWhiteSpace(spec.Command[0])), "command", "must name a program, e.g. [\"python3\", \"train.py\"]");
        Check(spec.Command is null || spec.Command.All(word => word is not null), "command", "must not hold null; quote every word as a string");
        Check(spec.Name is null || spec.Name.Length <= MaxNameLength, "name", $"must be at most {MaxNameLength} characters");
        Check(QueuePattern().IsMatch(spec.Queue), "queue", "must be letters, digits, '.', '_' or '-'");
        Check(spec.Site is null || QueuePattern().IsMatch(spec.Site), "site", "must be letters, digits, '.', '_' or '-', the name pilots give with --site");
        Check(spec.Priority is >= -1000 and <= 1000, "priority", "must be between -1000 and 1000");
        Check(spec.Mpi is null || MpiPlugins.Contains(spec.Mpi), "mpi", $"must be one of Slurm's MPI plugins ({string.Join(", ", MpiPlugins)}), or left out for the site's default");
        foreach (var key in spec.Environment?.Keys ?? [])
        {
            Check(EnvironmentNamePattern().IsMatch(key), $"environment.{key}", "is not a valid variable name (letters, digits and '_', not starting with a digit)");
        }

        ValidateResources(spec.Resources, Check);
        ValidateRuntime(spec.Runtime, Check);
        ValidateRetries(spec.Retries, Check);
        ClusterSpecValidator.Validate(spec, Check);
        InteractiveSpecValidator.Validate(spec, Check);
        return errors;
    }

    public void ThrowIfInvalid(JobSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0)
        {
            throw new JobSpecException(errors);
        }
    }

    private static void ValidateResources(ResourceRequest? resources, Action<bool, string, string> check)
    {
        if (resources is null)
        {
            check(false, "resources", "must be an object such as {\"cores\": 1}");
            return;
        }

        check(resources.Cores is >= 1 and <= MaxCores, "resources.cores", $"must be between 1 and {MaxCores}");
        check(resources.MemoryMb >= 0, "resources.memory_mb", "must be zero (no limit) or more");
        check(resources.Gpus >= 0, "resources.gpus", "must be zero or more");
        check(resources.Nodes >= 1, "resources.nodes", "must be at least 1");
        check(resources.Tasks >= 0, "resources.tasks", "must be at least 1 (or 0 for one per node)");
        if (resources.Nodes >= 1 && resources.Tasks >= 0)
        {
            ValidateSpread(resources, check);
        }
        check(resources.Walltime > TimeSpan.Zero && resources.Walltime <= MaxWalltime, "resources.walltime", $"must be more than zero and at most {MaxWalltime.TotalDays:0} days");
    }

    /// <summary>Tasks spread evenly over the nodes, and each task the same whole number of the node's cores.</summary>
    private static void ValidateSpread(ResourceRequest resources, Action<bool, string, string> check)
    {
        var (nodes, tasks) = (resources.Nodes, resources.TaskCount());
        if (tasks % nodes != 0)
        {
            check(false, "resources.tasks", $"is {tasks} over {nodes} nodes; make it a multiple of resources.nodes so every node runs as many tasks");
            return;
        }

        var perNode = tasks / nodes;
        check(resources.Cores % perNode == 0, "resources.cores", $"is {resources.Cores} per node for {perNode} tasks per node; make it a multiple of {perNode} so every task gets as many cores");
    }

    private void ValidateRuntime(RuntimeSpec? runtime, Action<bool, string, string> check)
    {
        if (runtime is null)
        {
            check(false, "runtime", "must be an object such as {\"type\": \"process\"}");
            return;
        }

        var known = knownRuntimes?.Contains(runtime.Type) ?? !string.IsNullOrWhiteSpace(runtime.Type);
        check(known, "runtime.type", $"unknown runtime '{runtime.Type}'; known runtimes: {string.Join(", ", (knownRuntimes ?? RuntimeNames.BuiltIn).Order(StringComparer.Ordinal))}");
        if (runtime.Type == RuntimeNames.Process)
        {
            check(runtime.Image is null, "runtime.image", "the process runtime runs no image; choose a container runtime such as charliecloud or apptainer");
        }
        else if (RuntimeNames.BuiltIn.Contains(runtime.Type))
        {
            check(!string.IsNullOrWhiteSpace(runtime.Image), "runtime.image", $"the {runtime.Type} runtime needs an image (e.g. docker://alpine:3.20, a .sif file or an image directory)");
        }

        var binds = runtime.Binds ?? [];
        for (var i = 0; i < binds.Count; i++)
        {
            check(BindPattern().IsMatch(binds[i] ?? string.Empty), $"runtime.binds[{i}]", $"'{binds[i]}' must look like /host/path, /host/path:/container/path or /host/path:/container/path:ro");
        }

        check(runtime.Options is null || runtime.Options.All(o => !string.IsNullOrWhiteSpace(o)), "runtime.options", "must not contain empty flags");
    }

    private static void ValidateRetries(RetryPolicy? retries, Action<bool, string, string> check)
    {
        if (retries is null)
        {
            return;
        }

        check(retries.PayloadFailure is >= 0 and <= 100, "retries.payload_failure", "must be between 0 and 100");
        check(retries.PilotLost is >= 0 and <= 100, "retries.pilot_lost", "must be between 0 and 100");
        check(retries.Evicted is >= 0 and <= 100, "retries.evicted", "must be between 0 and 100");
        check(retries.SetupFailure is >= 0 and <= 100, "retries.setup_failure", "must be between 0 and 100");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex QueuePattern();

    [GeneratedRegex("^/[^:]*(:/[^:]*(:(ro|rw))?)?$")]
    private static partial Regex BindPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentNamePattern();
}
