using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>A payload that floods its log is cut at the configured cap, with a marker that says so, on the node and on the server.</summary>
[TestFixture]
[Category("E2E")]
public sealed class LogCapTests
{
    private TemporaryDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ServerCap_PayloadWritesMore_StoredLogEndsWithTheServersMarker()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"), extra: ["--max-log-bytes", "4096"]);
        await using var agent = PilotAgentProcess.Start(server, _directory.Sub("agent"));

        var log = await RunFloodAsync(server, 200_000);

        Assert.That(log, Does.EndWith("[pilot] log truncated at 4096 bytes by the server: later output was dropped (Pilot:Server:MaxLogBytes)\n"));
        Assert.That(log.Length, Is.LessThan(4096 + 200));
    }

    [Test]
    public async Task AgentCap_PayloadWritesMore_LogSaysHowMuchWasDropped()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        await using var agent = PilotAgentProcess.Start(server, _directory.Sub("agent"), 2, "--max-log-bytes", "2048");

        var log = await RunFloodAsync(server, 100_000);

        Assert.That(log, Does.Match(@"\[pilot\] log truncated at 2048 bytes: \d+ more bytes of output were dropped\n$"));
        Assert.That(log.Length, Is.LessThan(2048 + 200));
    }

    private static async Task<string> RunFloodAsync(PilotServerProcess server, int bytes)
    {
        var job = await server.Api.SubmitAsync(new JobSpec { Name = "flood", Command = Executables.Payload("flood", bytes.ToString()) });
        var done = await Eventually.UntilAsync(
            () => server.Api.GetJobAsync(job.Id), j => j.State is JobState.Succeeded or JobState.Failed, TimeSpan.FromSeconds(60), "the flood to end");
        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), done.Reason);
        using var response = await server.Api.GetLogAsync(job.Id);
        return await response.Content.ReadAsStringAsync();
    }
}
