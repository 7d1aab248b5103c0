using System.Globalization;
using System.Text;

namespace Pilot.Slurm.Submission;

/// <summary>Renders a pilot batch job from the template in packaging/ (or a site's own) with <c>{{name}}</c> placeholders.</summary>
public static class PilotJobScript
{
    private const string ResourceName = "Pilot.Slurm.pilot.sbatch.template";

    /// <summary>The template shipped with Pilot.</summary>
    public static string DefaultTemplate
    {
        get
        {
            using var stream = typeof(PilotJobScript).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(PilotJobScript).Assembly.GetName().Name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    public static string Render(PilotBatchJob job, string? template = null)
    {
        if (job.SignalLead >= job.Time)
        {
            throw new InvalidOperationException($"the signal lead ({job.SignalLead.TotalSeconds:0} s) must be shorter than the time limit ({SlurmCommands.TimeLimit(job.Time)})");
        }

        var values = new Dictionary<string, string>
        {
            ["job_name"] = job.JobName,
            ["sbatch_options"] = string.Join('\n', SbatchOptions(job).Select(option => $"#SBATCH {option}")),
            ["signal_seconds"] = ((int)job.SignalLead.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["pilot"] = string.Join(' ', job.PilotCommand.Select(ShellWord.Quote)),
            ["server"] = ShellWord.Quote(job.Server),
            ["work_dir"] = ShellWord.QuoteExpanding(job.WorkDirectory),
            ["agent_arguments"] = string.Join(' ', AgentArguments(job).Select(ShellWord.QuoteExpanding)),
        };
        var script = template ?? DefaultTemplate;
        foreach (var (name, value) in values)
        {
            script = script.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        var open = script.IndexOf("{{", StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = script.IndexOf("}}", open, StringComparison.Ordinal);
            var unknown = close > open ? script[open..(close + 2)] : script[open..];
            throw new FormatException($"the template has an unknown placeholder {unknown}; known: {string.Join(", ", values.Keys.Select(k => "{{" + k + "}}"))}");
        }

        return script;
    }

    private static IEnumerable<string> SbatchOptions(PilotBatchJob job)
    {
        if (job.Partition is { Length: > 0 } partition)
        {
            yield return $"--partition={partition}";
        }

        if (job.Account is { Length: > 0 } account)
        {
            yield return $"--account={account}";
        }

        yield return $"--time={SlurmCommands.TimeLimit(job.Time)}";
        yield return $"--nodes={job.Nodes.ToString(CultureInfo.InvariantCulture)}";
        yield return "--ntasks-per-node=1";
        if (job.Nodes > 1)
        {
            // A node that fails must not end the whole allocation: the pilot requeues what ran there and goes on with the rest.
            yield return "--no-kill";
        }

        yield return $"--cpus-per-task={job.Cores.ToString(CultureInfo.InvariantCulture)}";
        if (job.MemoryMb > 0)
        {
            yield return $"--mem={job.MemoryMb.ToString(CultureInfo.InvariantCulture)}M";
        }

        if (job.Gpus > 0)
        {
            yield return $"--gpus-per-node={job.Gpus.ToString(CultureInfo.InvariantCulture)}";
        }

        if (job.Output is { Length: > 0 } output)
        {
            yield return $"--output={output}";
        }

        foreach (var extra in job.ExtraOptions)
        {
            yield return extra;
        }
    }

    private static IEnumerable<string> AgentArguments(PilotBatchJob job)
    {
        if (job.TokenFile is { Length: > 0 } tokenFile)
        {
            yield return "--token-file";
            yield return tokenFile;
        }

        // The time limit from the start is the fallback deadline when squeue cannot tell the end time.
        yield return "--walltime";
        yield return SlurmCommands.TimeLimit(job.Time);
        yield return "--signal-lead";
        yield return $"{(int)job.SignalLead.TotalSeconds}s";
        if (job.WorkDirectory == PilotBatchJob.DefaultWorkDirectory)
        {
            // A directory per Slurm job is never used again: leave nothing behind once the server has every result.
            yield return "--remove-work-dir";
        }
        foreach (var argument in job.AgentArguments)
        {
            yield return argument;
        }
    }
}
