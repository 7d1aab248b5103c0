using System.Collections.Concurrent;
using Pilot.Slurm;
using Pilot.Slurm.Submission;

namespace Pilot.Testing;

/// <summary>
/// Submits real pilot batch jobs to a test Slurm (scripts/services/slurm.sh, or the multi-node cluster of
/// slurm-cluster.sh) as the ordinary user <c>pilotuser</c>, rendered from packaging/pilot.sbatch.template, and cancels
/// whatever is left when disposed.
/// </summary>
public sealed class SlurmPilots : IAsyncDisposable
{
    public const string User = "pilotuser";

    private static readonly ConcurrentDictionary<string, Lazy<string>> Installs = new();
    private readonly SlurmCli _slurm = new();
    private readonly TemporaryDirectory _directory;
    private readonly List<string> _jobIds = [];
    private readonly string _install;

    /// <param name="cluster">Which test Slurm; <see cref="SlurmCluster.SingleNode"/> by default.</param>
    public SlurmPilots(SlurmCluster? cluster = null)
    {
        Requirements.Command("sbatch", "scripts/install-deps.sh installs slurm-wlm; scripts/services/slurm.sh starts it");
        Cluster = cluster ?? SlurmCluster.SingleNode;
        _directory = new TemporaryDirectory(Cluster.SharedDirectory);
        _install = InstallFor(Cluster.SharedDirectory);
        File.SetUnixFileMode(_directory.Path, (UnixFileMode)0b111_111_111);
    }

    public SlurmCluster Cluster { get; }

    /// <summary>A directory every node sees and <see cref="User"/> may write, removed on dispose.</summary>
    public string SharedDirectory => _directory.Path;

    public IReadOnlyList<string> JobIds => _jobIds;

    /// <summary>The test payload, from a copy of the build that <see cref="User"/> can read.</summary>
    public static string[] Payload(params string[] mode) => [Executables.Dotnet, Path.Combine(InstallFor(SlurmCluster.SingleNode.SharedDirectory), "Pilot.TestPayload.dll"), .. mode];

    /// <summary>The <c>pilot</c> command as every node of <see cref="Cluster"/> reaches it (a node's /tmp is its own).</summary>
    public string SharedPilotCommand => $"{Executables.Dotnet} {Path.Combine(_install, "pilot.dll")}";

    /// <summary>The test payload as every node of <see cref="Cluster"/> reaches it.</summary>
    public string[] SharedPayload(params string[] mode) => [Executables.Dotnet, Path.Combine(_install, "Pilot.TestPayload.dll"), .. mode];

    /// <summary>Renders a pilot job for <paramref name="server"/> and submits it as <see cref="User"/>; returns the Slurm job id.</summary>
    public async Task<string> SubmitAsync(PilotServerProcess server, TimeSpan time, int cores = 2, TimeSpan? signalLead = null, params string[] agentArguments)
    {
        var tokenFile = Path.Combine(_directory.Path, "pilot.token");
        await File.WriteAllTextAsync(tokenFile, server.PilotToken);
        var script = PilotJobScript.Render(Job(server.Url, tokenFile, time, cores, signalLead, agentArguments));
        var scriptFile = Path.Combine(_directory.Path, $"pilot-{Guid.NewGuid():N}.sbatch");
        await File.WriteAllTextAsync(scriptFile, script);
        var output = await _slurm.RunAsync(AsUser($"cd {_directory.Path} && sbatch --parsable {scriptFile}"), CancellationToken.None);
        var jobId = output.Trim().Split(';')[0];
        _jobIds.Add(jobId);
        return jobId;
    }

    /// <summary>
    /// Submits a pilot job of <paramref name="nodes"/> nodes as <see cref="User"/> with the <c>pilot sbatch --submit</c>
    /// command a site runs; returns the Slurm job id.
    /// </summary>
    public async Task<string> SubmitWithPilotSbatchAsync(PilotServerProcess server, TimeSpan time, int nodes, int cores = 2, params string[] agentArguments)
    {
        var tokenFile = Path.Combine(_directory.Path, "pilot.token");
        await File.WriteAllTextAsync(tokenFile, server.PilotToken);
        var job = Job(server.Url, tokenFile, time, cores, null, agentArguments) with { Nodes = nodes };
        string[] words =
        [
            Executables.Dotnet, Path.Combine(_install, "pilot.dll"), "sbatch", "--server", job.Server, "--time", $"{(int)time.TotalSeconds}s",
            "--nodes", $"{nodes}", "--cores", $"{cores}", "--memory-mb", $"{job.MemoryMb}", "--signal-lead", $"{(int)job.SignalLead.TotalSeconds}s",
            "--token-file", tokenFile, "--pilot-command", string.Join(' ', job.PilotCommand), "--job-name", job.JobName,
            "--work-dir", job.WorkDirectory, "--job-output", job.Output!, .. job.AgentArguments.Select(argument => $"--agent-arg={argument}"), "--submit",
        ];
        var output = await _slurm.RunAsync(AsUser($"cd {_directory.Path} && {string.Join(' ', words.Select(ShellWord.Quote))}"), CancellationToken.None);
        var jobId = output.Trim().Split('\n')[^1].Trim();
        _jobIds.Add(jobId);
        return jobId;
    }

    public PilotBatchJob Job(string serverUrl, string tokenFile, TimeSpan time, int cores = 2, TimeSpan? signalLead = null, params string[] agentArguments) => new()
    {
        JobName = "pilot-test",
        Time = time,
        Cores = cores,
        MemoryMb = 2000,
        SignalLead = signalLead ?? TimeSpan.FromSeconds(30),
        Server = serverUrl,
        TokenFile = tokenFile,
        PilotCommand = [Executables.Dotnet, Path.Combine(_install, "pilot.dll")],
        // Inside the directory removed on dispose, not the node's /tmp, which nothing cleans after the pilot leaves.
        WorkDirectory = Path.Combine(_directory.Path, "work-$SLURM_JOB_ID"),
        Output = Path.Combine(_directory.Path, "pilot-%j.out"),
        AgentArguments = ["--grace", "2s", "--lease-wait", "2s", "--heartbeat-interval", "1s", .. agentArguments],
    };

    /// <summary>Slurm's view of the job, or null once the controller has forgotten it.</summary>
    public async Task<SlurmJobStatus?> StatusAsync(string jobId) =>
        SlurmJobStatus.ParseAll(await _slurm.RunAsync(SlurmCommands.Status([jobId]), CancellationToken.None)).SingleOrDefault();

    /// <summary>Sends <paramref name="signal"/> to the batch shell only, as <c>--signal=B:</c> does.</summary>
    public Task SignalAsync(string jobId, string signal) => _slurm.RunAsync(SlurmCommands.Signal(jobId, signal, batchShellOnly: true), CancellationToken.None);

    /// <summary>A plain <c>scancel</c>: Slurm sends SIGTERM to every process of the job, payloads included.</summary>
    public Task CancelAsync(string jobId) => _slurm.RunAsync(SlurmCommands.Cancel(jobId), CancellationToken.None);

    public string OutputOf(string jobId) => Path.Combine(_directory.Path, $"pilot-{jobId}.out") is var path && File.Exists(path) ? File.ReadAllText(path) : "";

    public async Task<SlurmJobStatus> WaitUntilFinishedAsync(string jobId, TimeSpan timeout) =>
        (await Eventually.UntilAsync(() => StatusAsync(jobId), status => status is { IsFinished: true }, timeout, $"Slurm job {jobId} to finish"))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var jobId in _jobIds)
        {
            try
            {
                await _slurm.RunAsync(SlurmCommands.Cancel(jobId), CancellationToken.None);
            }
            catch (SlurmException)
            {
                // Already gone.
            }

            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                await TestContext.Out.WriteLineAsync($"--- output of pilot batch job {jobId} ---\n{OutputOf(jobId)}");
            }
        }

        _directory.Dispose();
    }

    private static SlurmCommand AsUser(string shellCommand) => new("su", [User, "-c", shellCommand]);

    private static string InstallFor(string root) => Installs.GetOrAdd(root, r => new Lazy<string>(() => CopyBuildForUser(r))).Value;

    /// <summary>The build output may sit under a directory <see cref="User"/> cannot enter (e.g. /root): copy it under <paramref name="root"/> once.</summary>
    private static string CopyBuildForUser(string root)
    {
        var target = Path.Combine(root, $"pilot-slurm-build-{Environment.ProcessId}");
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(target, recursive: true);
        return target;
    }
}
