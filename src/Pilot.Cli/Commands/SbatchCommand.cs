using System.CommandLine;
using Pilot.Slurm;
using Pilot.Slurm.Submission;

namespace Pilot.Cli.Commands;

/// <summary><c>pilot sbatch</c>: renders a site's pilot batch job from packaging/pilot.sbatch.template, prints it, or submits it.</summary>
internal static class SbatchCommand
{
    public static Command Create()
    {
        var time = DurationOption.Create("--time", "the batch job's time limit (required)");
        time.Required = true;
        var partition = new Option<string?>("--partition") { Description = "Slurm partition" };
        var account = new Option<string?>("--account") { Description = "Slurm account to charge" };
        var nodes = new Option<int>("--nodes") { Description = "nodes per pilot job (default 1)", DefaultValueFactory = _ => 1 };
        var cores = new Option<int>("--cores") { Description = "cores per node for payloads (default 1)", DefaultValueFactory = _ => 1 };
        var memory = new Option<long>("--memory-mb") { Description = "memory per node in MB (default: the partition's)" };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per node" };
        var signalLead = DurationOption.Create("--signal-lead", "how long before the time limit Slurm sends SIGUSR1 (default 2m)");
        var tokenFile = new Option<string?>("--token-file") { Description = "file on the nodes holding the pilot token" };
        var pilotCommand = new Option<string>("--pilot-command") { Description = "how the nodes start pilot (default: pilot)", DefaultValueFactory = _ => "pilot" };
        var workDir = new Option<string?>("--work-dir") { Description = "agent work directory on the node (default: ${TMPDIR:-/tmp}/pilot-$SLURM_JOB_ID)" };
        var jobName = new Option<string>("--job-name") { Description = "Slurm job name (default: pilot)", DefaultValueFactory = _ => "pilot" };
        var jobOutput = new Option<string?>("--job-output") { Description = "Slurm's output file for the batch job, e.g. pilot-%j.out" };
        var agentArgs = new Option<string[]>("--agent-arg") { Description = "a flag for pilot agent, e.g. --agent-arg=--idle-timeout=10m; repeat" };
        var sbatchOptions = new Option<string[]>("--sbatch-option") { Description = "an extra #SBATCH option, e.g. --sbatch-option=--qos=short; repeat" };
        var template = new Option<FileInfo?>("--template") { Description = "a site's own template (default: the one shipped with Pilot)" };
        var submit = new Option<bool>("--submit") { Description = "submit with sbatch instead of printing the script" };
        var command = new Command("sbatch", "Render a pilot batch job for Slurm from options; print it, or submit it with --submit")
        {
            time, partition, account, nodes, cores, memory, gpus, signalLead, tokenFile, pilotCommand, workDir, jobName, jobOutput, agentArgs, sbatchOptions, template, submit,
        };
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            var job = new PilotBatchJob
            {
                JobName = parse.GetValue(jobName)!,
                Partition = parse.GetValue(partition),
                Account = parse.GetValue(account),
                Time = parse.GetValue(time) ?? throw new CliException("--time is required"),
                Nodes = parse.GetValue(nodes),
                Cores = parse.GetValue(cores),
                MemoryMb = parse.GetValue(memory),
                Gpus = parse.GetValue(gpus),
                SignalLead = parse.GetValue(signalLead) ?? TimeSpan.FromMinutes(2),
                Server = GlobalOptions.ServerOf(parse),
                TokenFile = parse.GetValue(tokenFile),
                PilotCommand = parse.GetValue(pilotCommand)!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                WorkDirectory = parse.GetValue(workDir) ?? PilotBatchJob.DefaultWorkDirectory,
                Output = parse.GetValue(jobOutput),
                AgentArguments = parse.GetValue(agentArgs) ?? [],
                ExtraOptions = parse.GetValue(sbatchOptions) ?? [],
            };
            var script = Render(job, parse.GetValue(template));
            if (!parse.GetValue(submit))
            {
                Console.Write(script);
                return 0;
            }

            var jobId = await PilotJobSubmitter.SubmitAsync(new SlurmCli(), script, cancellationToken);
            Console.WriteLine(jobId);
            return 0;
        }));
        return command;
    }

    private static string Render(PilotBatchJob job, FileInfo? template)
    {
        try
        {
            return PilotJobScript.Render(job, template is null ? null : File.ReadAllText(template.FullName));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new CliException(e.Message);
        }
    }
}
