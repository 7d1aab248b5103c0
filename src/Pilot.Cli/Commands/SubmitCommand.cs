using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Pilot.Core.Specs;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot submit</c>: a job from a spec file, or from a command line after <c>--</c>.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "job spec file (JSON or YAML)" };
        var name = new Option<string?>("--name") { Description = "job name (default: the program's name)" };
        var cores = new Option<int?>("--cores", "-c") { Description = "cores the payload needs (default 1)" };
        var memory = new Option<long?>("--memory-mb") { Description = "memory the payload needs, in MB" };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs the payload needs" };
        var nodes = new Option<int?>("--nodes", "-N") { Description = "nodes of the pilot's allocation the payload spans (cores, memory and GPUs are split evenly)" };
        var tasks = new Option<int?>("--tasks", "-n") { Description = "tasks started as one srun step inside Slurm (MPI style), each with cores/tasks cores" };
        var walltime = DurationOption.Create("--walltime", "longest the payload may run (default 1h)");
        var queue = new Option<string?>("--queue") { Description = "queue to submit to (default: default)" };
        var site = new Option<string?>("--site") { Description = "run only on pilots of this site (pilot agent --site)" };
        var priority = new Option<int?>("--priority") { Description = "higher runs first (-1000..1000)" };
        var env = new Option<string[]>("--env", "-e") { Description = "environment variable NAME=VALUE; repeat for several" };
        var workdir = new Option<string?>("--workdir") { Description = "working directory, relative to the attempt's scratch" };
        var runtime = new Option<string?>("--runtime") { Description = "process (default), charliecloud, apptainer, singularity, podman, shifter, sarus, bwrap, or one the site configured" };
        var image = new Option<string?>("--image") { Description = "container image, e.g. docker://alpine:3.20 or /images/app.sif" };
        var wait = new Option<bool>("--wait", "-w") { Description = "wait until the job ends; exit with its result" };
        var sweep = new Option<string[]>("--sweep") { Description = "NAME=V1,V2: one job per combination of values, each in its environment; repeat for more parameters" };
        var array = new Option<string?>("--array") { Description = "FIRST-LAST: one job per index, in PILOT_ARRAY_INDEX, all in one group, e.g. --array 1-10000" };
        var eachLine = new Option<FileInfo?>("--each-line") { Description = "one job per line of this file, the line in PILOT_ARRAY_ENTRY (its number in PILOT_ARRAY_INDEX)" };
        var fromJson = new Option<FileInfo?>("--from-json") { Description = "one job per element of this JSON list of job specs" };
        var group = new Option<string?>("--group") { Description = "group the job(s) under this id (default for a batch: a new id); watch with 'pilot group ID'" };
        var afterOk = new Option<long[]>("--after-ok") { Description = "run only after this job succeeds (cancelled if it does not); repeat for several" };
        var afterAny = new Option<long[]>("--after-any") { Description = "run after this job ends, however it ends; repeat for several" };
        var parsable = new Option<bool>("--parsable") { Description = "print only the job id (as sbatch --parsable does), for scripts and workflow engines" };
        var interactive = new Option<string?>("--interactive", "-i") { Description = "jupyter: a notebook Pilot starts; http: the command is a web service (give its socket or port in a spec file); prints the address once it answers" };
        var key = new Option<string?>("--idempotency-key") { Description = "submitting again with the same key returns the first job instead of a new one" };
        var commandLine = new Argument<string[]>("command") { Description = "program and arguments, after --", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("submit", "Submit a job: pilot submit [options] -- program args...   or   pilot submit -f job.yaml")
        {
            file, name, cores, memory, gpus, nodes, tasks, walltime, queue, site, priority, env, workdir, runtime, image, wait, sweep, array, eachLine, fromJson, group, afterOk, afterAny, interactive, key, parsable, commandLine,
        };
        command.SetAction(CliActions.WithServer(async (parse, server, cancellationToken) =>
        {
            var spec = parse.GetValue(file) is { } path ? ReadFile(path) : new JobSpec();
            var words = parse.GetValue(commandLine) ?? [];
            spec = spec with
            {
                Command = words.Length > 0 ? words : spec.Command,
                Name = parse.GetValue(name) ?? spec.Name,
                Queue = parse.GetValue(queue) ?? spec.Queue,
                Site = parse.GetValue(site) ?? spec.Site,
                Priority = parse.GetValue(priority) ?? spec.Priority,
                WorkingDirectory = parse.GetValue(workdir) ?? spec.WorkingDirectory,
                Environment = MergeEnvironment(spec.Environment, parse.GetValue(env) ?? []),
                Resources = spec.Resources with
                {
                    Cores = parse.GetValue(cores) ?? spec.Resources.Cores,
                    MemoryMb = parse.GetValue(memory) ?? spec.Resources.MemoryMb,
                    Gpus = parse.GetValue(gpus) ?? spec.Resources.Gpus,
                    Nodes = parse.GetValue(nodes) ?? spec.Resources.Nodes,
                    Tasks = parse.GetValue(tasks) ?? spec.Resources.Tasks,
                    Walltime = parse.GetValue(walltime) ?? spec.Resources.Walltime,
                },
                Runtime = ImpliedRuntime(spec.Runtime, parse.GetValue(runtime), parse.GetValue(image)),
                AfterOk = parse.GetValue(afterOk) is { Length: > 0 } ok ? ok : spec.AfterOk,
                AfterAny = parse.GetValue(afterAny) is { Length: > 0 } any ? any : spec.AfterAny,
                IdempotencyKey = parse.GetValue(key) ?? spec.IdempotencyKey,
                Labels = parse.GetValue(group) is { } given ? WithGroup(spec.Labels, given) : spec.Labels,
                Interactive = parse.GetValue(interactive) is { } kind ? (spec.Interactive ?? new InteractiveSpec()) with { Kind = kind } : spec.Interactive,
            };
            if (parse.GetValue(fromJson) is { } jobsFile)
            {
                var batch = new JobBatch { Jobs = BatchSubmission.ReadJobs(jobsFile), Group = parse.GetValue(group), IdempotencyKey = parse.GetValue(key) };
                return await BatchSubmission.RunAsync(parse, server.Api, batch, parse.GetValue(wait), cancellationToken);
            }

            if (spec.Command.Count == 0 && spec.Interactive is not { Kind: InteractiveSpec.JupyterKind })
            {
                throw new CliException("nothing to run: give a spec with --file, or the command after --, e.g. pilot submit -- echo hello");
            }

            JobSpecValidator.ForClients.ThrowIfInvalid(spec);
            if (Batch(parse, spec, array, eachLine, sweep) is { } many)
            {
                if (parse.GetValue(parsable))
                {
                    throw new CliException("--parsable prints one job's id; a batch makes many: drop --parsable, or read the group with --output json");
                }

                // A named group is its own key: the same command run again (say after a lost answer) queues nothing twice.
                var named = parse.GetValue(group);
                var batch = many with { Group = named, IdempotencyKey = parse.GetValue(key) ?? (named is null ? null : $"group/{named}") };
                return await BatchSubmission.RunAsync(parse, server.Api, batch, parse.GetValue(wait), cancellationToken);
            }

            var job = await server.Api.SubmitAsync(spec, cancellationToken);
            if (job.Spec.Interactive is not null && !parse.GetValue(parsable) && !parse.GetValue(wait))
            {
                Report(parse, job, parsable: false);
                Console.WriteLine((await OpenCommand.WaitUntilReadyAsync(server.Api, job.Id, cancellationToken)).Url);
                return 0;
            }

            if (!parse.GetValue(wait))
            {
                Report(parse, job, parse.GetValue(parsable));
                return 0;
            }

            var ended = await JobProgress.FollowAsync(server.Api, job, parse.GetValue(GlobalOptions.Output), TimeProvider.System, cancellationToken);
            Report(parse, ended, parse.GetValue(parsable));
            return ended.State == JobState.Succeeded ? 0 : Math.Max(1, ended.ExitCode ?? 1);
        }));
        return command;
    }

    /// <summary>The batch the options ask for, with the spec as its template; null for a single job.</summary>
    private static JobBatch? Batch(ParseResult parse, JobSpec spec, Option<string?> array, Option<FileInfo?> eachLine, Option<string[]> sweep)
    {
        var template = spec with { IdempotencyKey = null };
        return (parse.GetValue(array), parse.GetValue(eachLine), parse.GetValue(sweep)) switch
        {
            ({ } range, null, null or []) => new JobBatch { Template = template, Array = BatchSubmission.ParseArray(range) },
            (null, { } file, null or []) => new JobBatch { Template = template, Entries = BatchSubmission.ReadLines(file) },
            (null, null, { Length: > 0 } parameters) => new JobBatch { Jobs = BatchSubmission.SweepJobs(template, parameters) },
            (null, null, null or []) => null,
            _ => throw new CliException("give one of --array, --each-line, --sweep (or --from-json): each makes a batch of its own"),
        };
    }

    public static IReadOnlyDictionary<string, string> WithGroup(IReadOnlyDictionary<string, string>? labels, string group) =>
        new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { [JobSpec.GroupLabel] = group };

    private static void Report(ParseResult parse, JobView job, bool parsable)
    {
        if (parsable)
        {
            Console.WriteLine(job.Id);
        }
        else if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
        {
            Printer.Json(job);
        }
        else
        {
            Console.WriteLine($"job {job.Id} ({job.Name}): {job.State.ToString().ToLowerInvariant()}{(job.ExitCode is { } code ? $", exit {code}" : "")}");
        }
    }

    private static JobSpec ReadFile(FileInfo path)
    {
        if (!path.Exists)
        {
            throw new CliException($"spec file {path.FullName} does not exist");
        }

        return JobSpecReader.Read(File.ReadAllText(path.FullName), JobSpecReader.FormatOf(path.Name));
    }

    private static Dictionary<string, string>? MergeEnvironment(IReadOnlyDictionary<string, string>? fromFile, string[] assignments)
    {
        if (fromFile is null && assignments.Length == 0)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(fromFile ?? new Dictionary<string, string>());
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--env '{assignment}' must look like NAME=VALUE");
            }

            merged[assignment[..equals]] = assignment[(equals + 1)..];
        }

        return merged;
    }

    /// <summary><c>--image</c> alone means "run this in a container": the image's form picks the runtime.</summary>
    private static RuntimeSpec ImpliedRuntime(RuntimeSpec current, string? runtime, string? image)
    {
        var type = runtime ?? (image is null ? current.Type : ImageRuntime.Guess(image));
        return current with { Type = type, Image = image ?? current.Image };
    }
}
