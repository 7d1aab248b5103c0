using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Workflows.Tests;

/// <summary>The real Debian Snakemake runs a 30-rule workflow with the profile in packaging/ against a real server and agent.</summary>
[TestFixture]
[Category("E2E")]
public sealed class SnakemakeTests
{
    private static readonly TimeSpan WorkflowTimeout = TimeSpan.FromMinutes(10);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;
    private PilotProcess _agent = null!;
    private string _workflow = null!;

    [SetUp]
    public async Task SetUp()
    {
        Requirements.Command("snakemake", "Debian's snakemake package");
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        _agent = PilotAgentProcess.Start(_server, _directory.Sub("agent-1"), cores: 2);
        _workflow = Directory.CreateDirectory(_directory.Sub("workflow")).FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _agent.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task Workflow_RunsOnPilot_EveryOutputMadeAndTheFlakyRuleRetriedBySnakemake()
    {
        SnakemakeWorkflow.Write(_workflow, SnakemakeWorkflow.FailsOnce);

        var (code, output) = await RunAsync("--restart-times", "1");

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("steps (100%) done"));
        Assert.That(SnakemakeWorkflow.Outputs.Where(file => !File.Exists(Path.Combine(_workflow, file))), Is.Empty, "every output made");
        Assert.That(File.ReadAllText(Path.Combine(_workflow, "flaky.txt")), Does.Contain("second try"));
        var jobs = await AllJobsAsync();
        Assert.That(jobs.Count(j => j.Name == "flaky"), Is.EqualTo(2), "Snakemake submitted the flaky rule again");
        Assert.That(jobs.Where(j => j.Name == "flaky").Select(j => j.State), Is.EquivalentTo(new[] { JobState.Failed, JobState.Succeeded }));
        Assert.That(jobs, Has.Count.EqualTo(SnakemakeWorkflow.PilotJobs + 1));
        Assert.That(jobs.Single(j => j.Name == "shard[i=2]").Spec.Resources, Is.EqualTo(new ResourceRequest { Cores = 1, MemoryMb = 64, Walltime = TimeSpan.FromMinutes(10) }));
        Assert.That(jobs.Select(j => j.Spec.Labels?["group"]).Distinct().Count(), Is.EqualTo(1), "one group per Snakemake run");
    }

    [Test]
    public async Task Workflow_PayloadAlwaysFails_SnakemakeReportsTheFailureWithPilotsReason()
    {
        SnakemakeWorkflow.Write(_workflow, SnakemakeWorkflow.AlwaysFails);

        var (code, output) = await RunAsync("--restart-times", "0");

        var flaky = (await AllJobsAsync()).Single(j => j.Name == "flaky");
        Assert.That(code, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("Error in rule flaky"));
        Assert.That(output, Does.Contain($"pilot: job {flaky.Id} failed: payload exited 1"), "Pilot's reason, from the status hook");
        Assert.That(flaky.LogTail, Does.Contain("this payload always fails"), "the rule's own error is in Pilot's log of the job");
        Assert.That(File.Exists(Path.Combine(_workflow, "final.txt")), Is.False);
    }

    [Test]
    public async Task Interrupt_WhileJobsRun_CancelsTheWorkflowsJobsInPilot()
    {
        SnakemakeWorkflow.Write(_workflow, SnakemakeWorkflow.FailsOnce, branchSeconds: 300);
        await using var snakemake = Start();
        await Eventually.UntilAsync(
            async () => (await AllJobsAsync()).Count(j => j.State == JobState.Running && j.Name.StartsWith("b_", StringComparison.Ordinal)),
            running => running >= 2,
            WorkflowTimeout,
            "two long rules to run on the agent");

        snakemake.Signal(2); // Ctrl-C
        // Snakemake 7.21 can swallow a SIGINT that lands while it is starting a submission; a user at the terminal
        // presses Ctrl-C again when nothing happens, and so does the test.
        bool Stopping() => snakemake.Output.Contains("Terminating processes on user request", StringComparison.Ordinal);
        for (var waited = 0; waited < 200 && !Stopping(); waited++)
        {
            await Task.Delay(100);
        }

        if (!Stopping())
        {
            snakemake.Signal(2);
        }

        Assert.That(await snakemake.WaitForExitAsync(TimeSpan.FromMinutes(2)), Is.Not.Zero);
        var jobs = await Eventually.UntilAsync(
            AllJobsAsync, all => all.All(j => j.State is not (JobState.Queued or JobState.Running)), TimeSpan.FromSeconds(60), "the cancel hook to cancel every job");
        Assert.That(jobs.Where(j => j.Name.StartsWith("b_", StringComparison.Ordinal)).Select(j => j.State), Has.All.EqualTo(JobState.Cancelled), snakemake.Output);
        await Eventually.UntilAsync(
            async () => await Task.WhenAll(jobs.Where(j => j.Attempts > 0).Select(j => _server.Api.GetAttemptsAsync(j.Id))),
            attempts => attempts.All(a => a.All(attempt => attempt.Outcome != AttemptOutcome.Running)),
            TimeSpan.FromSeconds(60),
            "the agent to stop the cancelled payloads");
    }

    [Test]
    public async Task AgentEvictedAndReplaced_MidWorkflow_SnakemakeCompletesWithoutSeeingIt()
    {
        SnakemakeWorkflow.Write(_workflow, SnakemakeWorkflow.FailsOnce, branchSeconds: 4);
        File.WriteAllText(Path.Combine(_workflow, "flaky.tried"), "");
        await using var snakemake = Start("--restart-times", "0");
        await Eventually.UntilAsync(
            async () => (await AllJobsAsync()).Count(j => j.State == JobState.Running && j.Name.StartsWith("b_", StringComparison.Ordinal)),
            running => running >= 1,
            WorkflowTimeout,
            "a long rule to run on the first agent");

        _agent.Terminate();
        Assert.That(await _agent.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, "the agent evicts its payloads and leaves");
        await _agent.DisposeAsync();
        _agent = PilotAgentProcess.Start(_server, _directory.Sub("agent-2"), cores: 2);

        var code = await snakemake.WaitForExitAsync(WorkflowTimeout);
        var jobs = await AllJobsAsync();
        var evicted = new List<JobView>();
        foreach (var job in jobs.Where(j => j.Attempts > 1))
        {
            if ((await _server.Api.GetAttemptsAsync(job.Id)).Any(a => a.Outcome == AttemptOutcome.Evicted))
            {
                evicted.Add(job);
            }
        }

        Assert.That(code, Is.Zero, snakemake.Output);
        Assert.That(evicted, Is.Not.Empty, "the eviction happened mid-workflow");
        Assert.That(jobs, Has.Count.EqualTo(SnakemakeWorkflow.PilotJobs), "Snakemake submitted every rule once: Pilot retried the evicted ones");
        Assert.That(jobs.Select(j => j.State), Has.All.EqualTo(JobState.Succeeded));
        Assert.That(snakemake.Output, Does.Not.Contain("Error"));
        Assert.That(SnakemakeWorkflow.Outputs.Where(file => !File.Exists(Path.Combine(_workflow, file))), Is.Empty);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        await using var snakemake = Start(arguments);
        var code = await snakemake.WaitForExitAsync(WorkflowTimeout);
        return (code, snakemake.Output);
    }

    private PilotProcess Start(params string[] arguments) =>
        PilotProcess.StartTool(
            "snakemake",
            ["--profile", Repository.SnakemakeProfile, "--jobs", "8", .. arguments],
            _workflow,
            new Dictionary<string, string> { ["PILOT_SERVER"] = _server.Url, ["PILOT_TOKEN"] = _server.AdminToken });

    private async Task<List<JobView>> AllJobsAsync() => [.. (await _server.Api.ListJobsAsync(limit: 500)).Jobs];
}
