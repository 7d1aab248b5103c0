using System.Globalization;
using Pilot.Contracts;

namespace Pilot.Slurm;

/// <summary>The exact Slurm command lines Pilot runs; each one is unit-tested.</summary>
public static class SlurmCommands
{
    /// <summary>Field separator in the formats below: Slurm never puts it in ids, states or reasons.</summary>
    public const char Separator = '|';

    public static SlurmCommand Hostnames(string nodeList) => new("scontrol", ["show", "hostnames", nodeList]);

    /// <summary>The job's end time in the controller's local time, e.g. <c>2026-11-23T10:15:50</c>, or NONE/Unknown.</summary>
    public static SlurmCommand EndTime(string jobId) => new("squeue", ["-h", "-j", jobId, "-o", "%e"]);

    /// <summary><c>--parsable</c> prints <c>JOBID[;CLUSTER]</c> only.</summary>
    public static SlurmCommand Submit(string scriptPath) => new("sbatch", ["--parsable", scriptPath]);

    /// <summary>Id, state and reason of the given jobs, finished ones included while the controller remembers them.</summary>
    public static SlurmCommand Status(IEnumerable<string> jobIds) =>
        new("squeue", ["-h", "-t", "all", "-j", string.Join(',', jobIds), "-o", "%i|%T|%r"]);

    /// <summary>Jobs with <paramref name="name"/>: how a restarted provisioner finds the pilots it submitted.</summary>
    public static SlurmCommand StatusByName(string name) =>
        new("squeue", ["-h", "-t", "all", "-n", name, "-o", "%i|%T|%r"]);

    /// <summary>Final state of jobs the controller has forgotten, from accounting or the job completion log.</summary>
    public static SlurmCommand Accounting(IEnumerable<string> jobIds, bool completionLog)
    {
        List<string> arguments = completionLog ? ["-c"] : [];
        return new("sacct", [.. arguments, "-n", "-P", "-X", "-j", string.Join(',', jobIds), "-o", "JobID,State,ExitCode"]);
    }

    /// <summary><paramref name="batchShellOnly"/>: only the batch shell (the pilot agent), as <c>--signal=B:</c> does.</summary>
    public static SlurmCommand Signal(string jobId, string signal, bool batchShellOnly)
    {
        List<string> arguments = batchShellOnly ? ["--batch"] : [];
        return new("scancel", [.. arguments, $"--signal={signal}", jobId]);
    }

    public static SlurmCommand Cancel(string jobId) => new("scancel", [jobId]);

    /// <summary>
    /// Whether Slurm can still start a task on <paramref name="node"/> of batch job <paramref name="jobId"/>: a tiny step
    /// sharing the allocation's CPUs, which fails (or hangs, and is timed out) when the node's slurmd is gone or unreachable.
    /// </summary>
    public static SlurmCommand ProbeNode(string jobId, string node) =>
        new("srun", [$"--jobid={jobId}", "--nodes=1", "--ntasks=1", $"--nodelist={node}", "--overlap", "--job-name=pilot-node-probe", "--", "true"]);

    public static SlurmCommand CancelByName(string name) => new("scancel", ["-n", name]);

    /// <summary>Slurm's <c>--time</c> form, whole minutes rounded up, as <c>D-HH:MM:SS</c>.</summary>
    public static string TimeLimit(TimeSpan time)
    {
        var minutes = (int)Math.Ceiling(time.TotalMinutes);
        return Duration.Format(TimeSpan.FromMinutes(Math.Max(1, minutes)));
    }
}
