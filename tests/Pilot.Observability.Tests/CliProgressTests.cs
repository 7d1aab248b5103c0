using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary><c>pilot submit --wait</c> and <c>pilot jobs --watch</c> when their output is not a terminal: one plain line per change.</summary>
[TestFixture]
[Category("E2E")]
public sealed class CliProgressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task SubmitWait_NotOnATerminal_PrintsEachChangeThenTheResult()
    {
        await using var submit = PilotProcess.Start(_server.CliArguments(["submit", "--name", "waited", "--wait", "--", .. Executables.Payload("sleep", "2")]));
        await Eventually.UntilAsync(() => submit.Output.Contains("waited) queued"), Timeout, "the queued line");
        await using var agent = PilotAgentProcess.Start(_server, _directory.Sub("agent"));

        var exitCode = await submit.WaitForExitAsync(Timeout);

        Assert.That(exitCode, Is.Zero, submit.Output);
        Assert.That(submit.Output, Does.Match(@"waited\) running on \S+ \[00:00:\d\d\]"));
        Assert.That(submit.Output, Does.Contain("waited): succeeded, exit 0"));
    }

    [Test]
    public async Task JobsWatch_NotOnATerminal_PrintsALineWhenAJobAppearsAndWhenItEnds()
    {
        await using var watch = PilotProcess.Start(_server.CliArguments("jobs", "--watch"));
        var job = await _server.Api.SubmitAsync(new JobSpec { Name = "watched", Command = Executables.Payload("echo", "hi") });
        await Eventually.UntilAsync(() => watch.Output.Contains($"job {job.Id} (watched) queued"), Timeout, "the queued line");

        await using var agent = PilotAgentProcess.Start(_server, _directory.Sub("agent"));
        await Eventually.UntilAsync(() => watch.Output.Contains($"job {job.Id} (watched) succeeded"), Timeout, "the succeeded line");

        Assert.That(watch.HasExited, Is.False, "a watch runs until interrupted");
        Assert.That(watch.Output.Split('\n').Count(line => line.Contains($"job {job.Id} ")), Is.InRange(2, 3), "one line per change, not per poll");
    }
}
