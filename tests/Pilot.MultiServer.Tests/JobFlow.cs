using System.Net;
using Pilot.Contracts;
using Refit;
using Pilot.Testing;

namespace Pilot.MultiServer.Tests;

/// <summary>
/// Jobs that each append their number to one file when they run, submitted through the load balancer with
/// idempotency keys: the file says whether a job ran never, once or twice, whatever the queue said.
/// </summary>
public sealed class JobFlow(ServerCluster cluster, string group, int count)
{
    private readonly string _runs = cluster.Sub($"{group}.runs");

    public string Group => group;

    /// <summary>Submits every job, eight at a time, each call riding through a server that dies under it.</summary>
    public async Task SubmitAsync()
    {
        using var slots = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                await Retrying.CallAsync(() => cluster.Api.SubmitAsync(Spec(i)));
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>The group's jobs per state; before its first job is stored the group does not exist yet.</summary>
    public Task<GroupView> ProgressAsync() => Retrying.CallAsync(async () =>
    {
        try
        {
            return await cluster.Api.GetGroupAsync(group);
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new GroupView(group, 0, new Dictionary<JobState, int>());
        }
    });

    public Task<GroupView> WaitUntilAsync(int succeeded, TimeSpan timeout) =>
        Eventually.UntilAsync(ProgressAsync, view => view.States.GetValueOrDefault(JobState.Succeeded) >= succeeded, timeout, $"{succeeded} jobs of {group} to succeed");

    /// <summary>How many times each job number ran, from the file the payloads wrote.</summary>
    public async Task<IReadOnlyDictionary<int, int>> RunsAsync() =>
        File.Exists(_runs)
            ? (await File.ReadAllLinesAsync(_runs)).Where(line => line.Length > 0).GroupBy(int.Parse).ToDictionary(g => g.Key, g => g.Count())
            : new Dictionary<int, int>();

    /// <summary>Asserts every job ran exactly once and the queue says each succeeded.</summary>
    public async Task AssertEachRanOnceAsync()
    {
        var runs = await RunsAsync();
        var progress = await ProgressAsync();
        Assert.Multiple(() =>
        {
            Assert.That(progress.Total, Is.EqualTo(count), "jobs the queue knows (none lost, none submitted twice)");
            Assert.That(progress.States.GetValueOrDefault(JobState.Succeeded), Is.EqualTo(count), "jobs succeeded");
            Assert.That(Enumerable.Range(0, count).Where(i => !runs.ContainsKey(i)).ToList(), Is.Empty, "jobs that never ran");
            Assert.That(runs.Where(r => r.Value > 1).Select(r => r.Key).ToList(), Is.Empty, "jobs that ran twice");
        });
    }

    private JobSpec Spec(int i) => new()
    {
        Name = $"{group}-{i}",
        Command = ["sh", "-c", $"echo {i} >> {_runs}"],
        Labels = new Dictionary<string, string> { ["group"] = group },
        IdempotencyKey = $"{group}/{i}",
        Resources = new ResourceRequest { Cores = 1, Walltime = TimeSpan.FromMinutes(5) },
    };
}
