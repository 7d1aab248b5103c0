using System.Text.Json;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Workflows.Tests;

/// <summary><c>pilot status</c> and <c>pilot submit --parsable</c>, the CLI forms scripts and workflow engines read.</summary>
[TestFixture]
[Category("E2E")]
public sealed class StatusCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task SubmitParsable_PrintsOnlyTheJobId()
    {
        var (code, output) = await PilotAsync("submit", "--parsable", "--site", "nowhere", "--", "true");

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match(@"^\d+\n$"));
        Assert.That((await _server.Api.GetJobAsync(long.Parse(output))).State, Is.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task StatusOneWord_AnswersEachJobInSnakemakesWords()
    {
        var queued = await _server.Api.SubmitAsync(new JobSpec { Command = ["true"], Site = "nowhere" });
        var cancelled = await _server.Api.SubmitAsync(new JobSpec { Command = ["true"], Site = "nowhere" });
        await _server.Api.CancelAsync(cancelled.Id);

        var (code, output) = await PilotAsync("status", "--one-word", queued.Id.ToString(), cancelled.Id.ToString());

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Is.EqualTo("running\nfailed\n"));
    }

    [Test]
    public async Task StatusJson_ByGroup_ListsEveryJobOfTheGroupOldestFirst()
    {
        var group = $"g-{Guid.NewGuid():N}";
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _server.Api.SubmitAsync(new JobSpec { Command = ["true"], Site = "nowhere", Labels = new Dictionary<string, string> { ["group"] = group } })).Id);
        }

        var (code, output) = await PilotAsync("--output", "json", "status", "--group", group);

        Assert.That(code, Is.Zero, output);
        var statuses = JsonSerializer.Deserialize<JobStatuses>(output, PilotJson.Options)!;
        Assert.That(statuses.Jobs.Select(s => s.Id), Is.EqualTo(ids));
        Assert.That(statuses.Jobs.Select(s => s.State), Has.All.EqualTo(JobState.Queued));
    }

    [Test]
    public async Task Status_UnknownId_ShowsTheOthersAndFailsNamingIt()
    {
        var job = await _server.Api.SubmitAsync(new JobSpec { Command = ["true"], Site = "nowhere" });

        var (code, output) = await PilotAsync("status", job.Id.ToString(), "987654321");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("queued").And.Contain("no job 987654321 that you can see"));
    }

    [Test]
    public async Task Status_NothingAsked_SaysHowToAsk()
    {
        var (code, output) = await PilotAsync("status");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("pilot status ID..."));
    }

    private async Task<(int Code, string Output)> PilotAsync(params string[] arguments)
    {
        await using var process = PilotProcess.Start(_server.CliArguments(arguments));
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Output);
    }
}
