using Pilot.Contracts;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Clusters.Tests;

/// <summary>One attempt of a cluster job as the agent runs it: scratch directory, attempt log, stop handle and a unique marker.</summary>
internal sealed class ClusterAttempt : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly PayloadLog _log;

    public ClusterAttempt(JobSpec spec)
    {
        Spec = spec;
        LeaseId = $"cluster-test-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Scratch);
        _log = new PayloadLog(Path.Combine(_directory.Path, "attempt.log"), 1024 * 1024);
    }

    public JobSpec Spec { get; }

    /// <summary>Every process of the cluster carries this in its environment (as part of its marker).</summary>
    public string LeaseId { get; }

    public string Scratch => _directory.Sub("scratch");

    public PayloadControl Control { get; } = new();

    public string LogText => File.ReadAllText(_log.FilePath);

    public Task<PayloadResult> RunAsync(ClusterOptions? options = null, ClusterPlacement? placement = null)
    {
        var runner = new ClusterLifecycle(new PayloadRunner(TimeProvider.System), options ?? new ClusterOptions(), TimeProvider.System);
        var launch = new PayloadLaunch
        {
            JobId = 1,
            LeaseId = LeaseId,
            Spec = Spec,
            ScratchDirectory = Scratch,
            Environment = new Dictionary<string, string>(Spec.Environment ?? new Dictionary<string, string>())
            {
                ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
                ["HOME"] = Scratch,
            },
        };
        return runner.RunAsync(launch, placement ?? ClusterPlacement.Local(Environment.MachineName), _log, Control);
    }

    public void WriteFile(string name, string text) => File.WriteAllText(Path.Combine(Scratch, name), text);

    public void Dispose()
    {
        _log.Dispose();
        Control.Dispose();
        _directory.Dispose();
    }
}
