using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.MultiNode.Tests;

/// <summary>One test's Pilot server on the cluster's bridge (where the nodes reach it) and the pilot jobs it submits.</summary>
internal sealed class TestBed : IAsyncDisposable
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TemporaryDirectory _data;

    private TestBed(SlurmPilots slurm, TemporaryDirectory data, PilotServerProcess server)
    {
        Slurm = slurm;
        _data = data;
        Server = server;
    }

    public SlurmPilots Slurm { get; }

    public PilotServerProcess Server { get; }

    public IPilotApi Api => Server.Api;

    public static async Task<TestBed> StartAsync(IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        var slurm = new SlurmPilots(SlurmCluster.MultiNode);
        var data = new TemporaryDirectory();
        var server = await PilotServerProcess.StartAsync(data.Path, environment: serverEnvironment, address: SlurmCluster.MultiNode.ServerAddress);
        return new TestBed(slurm, data, server);
    }

    /// <summary>A pilot on all three nodes with <paramref name="cores"/> cores on each, submitted with <c>pilot sbatch --nodes 3</c>.</summary>
    public Task<string> SubmitPilotAsync(int cores = 2, params string[] agentArguments) =>
        Slurm.SubmitWithPilotSbatchAsync(Server, TimeSpan.FromMinutes(10), nodes: 3, cores, agentArguments);

    public async Task<IReadOnlyList<JobView>> SubmitAsync(params JobSpec[] specs)
    {
        var jobs = new List<JobView>();
        foreach (var spec in specs)
        {
            jobs.Add(await Api.SubmitAsync(spec));
        }

        return jobs;
    }

    public Task<JobView[]> ViewsAsync(IEnumerable<JobView> jobs) => Task.WhenAll(jobs.Select(job => Api.GetJobAsync(job.Id)));

    public Task<JobView[]> UntilAsync(IEnumerable<JobView> jobs, Func<JobView, bool> each, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => ViewsAsync(jobs), views => views.All(each), timeout ?? 2 * Minute, what);

    public async Task<string> LogAsync(JobView job)
    {
        using var response = await Api.GetLogAsync(job.Id);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<PilotView> PilotOfAsync(string batchJobId) =>
        (await Eventually.UntilAsync(
            async () => (await Api.ListPilotsAsync()).FirstOrDefault(pilot => pilot.BatchJobId == batchJobId),
            pilot => pilot is not null,
            2 * Minute,
            $"the pilot of batch job {batchJobId} to register"))!;

    /// <summary>The pilot as its heartbeats last showed it, once <paramref name="condition"/> holds.</summary>
    public Task<PilotView> PilotWhenAsync(string batchJobId, Func<PilotView, bool> condition, string what) =>
        Eventually.UntilAsync(() => PilotOfAsync(batchJobId), condition, Minute, what);

    public async ValueTask DisposeAsync()
    {
        await Slurm.DisposeAsync();
        await Server.DisposeAsync();
        _data.Dispose();
    }
}
