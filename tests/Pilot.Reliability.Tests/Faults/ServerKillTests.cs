using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Reliability.Tests.Faults;

/// <summary>The server killed outright under load and restarted: the queue survives, pilots carry on by themselves.</summary>
[TestFixture]
[Category("Faults")]
public sealed class ServerKillTests
{
    private const int Pilots = 4;
    private const int Jobs = 200;

    private TemporaryDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ServerKilledHard_UnderLoad_NoJobLostNoneRunOrCompletedTwiceAndPilotsReconnect()
    {
        // Above the agents' worst reconnect time (heartbeat retries plus an open circuit breaker, about 10 s).
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), leaseTtl: "15s");
        var runs = _directory.Sub("runs.txt");
        var agents = Enumerable.Range(0, Pilots).Select(i => PilotAgentProcess.Start(server, _directory.Sub($"node-{i}"), cores: 2)).ToList();
        try
        {
            var ids = new List<long>();
            for (var i = 0; i < Jobs; i++)
            {
                ids.Add((await server.Api.SubmitAsync(Spec(i, runs))).Id);
            }

            await Eventually.UntilAsync(() => CountAsync(server, JobState.Succeeded), n => n >= Jobs / 5, TimeSpan.FromSeconds(120), "a fifth of the jobs to finish before the crash");
            await server.RestartAsync(signal: 9, leaseTtl: "15s");
            ids.Add((await server.Api.SubmitAsync(Spec(Jobs, runs))).Id);

            await Eventually.UntilAsync(() => CountAsync(server, JobState.Succeeded), n => n == ids.Count, TimeSpan.FromSeconds(240), "every job to succeed after the crash");
            var completions = new Dictionary<long, int>();
            foreach (var id in ids)
            {
                completions[id] = (await server.Api.GetAttemptsAsync(id)).Count(a => a.Outcome == AttemptOutcome.Succeeded);
            }

            var executions = File.ReadAllLines(runs).GroupBy(line => long.Parse(line.Split('.')[0])).ToDictionary(g => g.Key, g => g.Count());
            var pilots = await server.Api.ListPilotsAsync();

            Assert.That(completions.Where(c => c.Value != 1).Select(c => c.Key), Is.Empty, "jobs not completed exactly once");
            Assert.That(ids.Where(id => executions.GetValueOrDefault(id) != 1), Is.Empty, "jobs whose payload did not run exactly once");
            Assert.That(pilots.Select(p => p.State), Is.EqualTo(Enumerable.Repeat("active", Pilots)), "every pilot reconnected by itself, none declared lost");
            Assert.That(agents.Select(a => a.HasExited), Has.All.False);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static JobSpec Spec(int index, string runs) => new()
    {
        Name = $"load-{index}",
        Command = ["/bin/sh", "-c", $"echo \"$PILOT_JOB_ID.$PILOT_ATTEMPT\" >> {runs}; sleep 0.3"],
    };

    private static async Task<int> CountAsync(PilotServerProcess server, JobState state)
    {
        var count = 0;
        long? before = null;
        do
        {
            var page = await server.Api.ListJobsAsync(StateText(state), limit: 500, before: before);
            count += page.Jobs.Count;
            before = page.NextBefore;
        }
        while (before is not null);
        return count;
    }

    private static string StateText(JobState state) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());
}
