using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Reliability.Tests.Faults;

/// <summary>
/// Payloads that misbehave on purpose. Each is contained (killed, capped), its attempt is classified with a reason a
/// person can act on, nothing it started survives the attempt, and the pilot goes on serving other jobs.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class HostilePayloadTests
{
    private const int ScratchLimitMb = 64;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;
    private PilotProcess _agent = null!;

    private string WorkDirectory => _directory.Sub("node");

    [OneTimeSetUp]
    public async Task StartPilot()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        _agent = PilotAgentProcess.Start(_server, WorkDirectory, cores: 2, "--max-scratch-mb", ScratchLimitMb.ToString(), "--scratch-check-interval", "0.2");
    }

    [OneTimeTearDown]
    public async Task StopPilot()
    {
        await _agent.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [TearDown]
    public async Task ThePilotStillServes()
    {
        var next = await _server.Api.SubmitAsync(new JobSpec { Name = "after", Command = Executables.Payload("echo", "still serving") });
        var done = await EndAsync(next.Id);
        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), "the pilot runs the next job after the hostile one");
        Assert.That(_agent.HasExited, Is.False);
    }

    [Test]
    public async Task IgnoresSigterm_PastItsWalltime_IsKilledWithSigkillAfterTheGrace()
    {
        var (job, marker) = await SubmitAsync(["ignore-sigterm", "300"], walltime: TimeSpan.FromSeconds(3));

        var done = await EndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Failed));
        Assert.That(done.Reason, Does.Contain("ran past the walltime").And.Contain("ignored SIGTERM and was killed with SIGKILL"));
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    [Test]
    public async Task DoubleForksADaemonAndExits_TheDaemonIsKilledAndNoted()
    {
        var (job, marker) = await SubmitAsync(["fork-grandchild", "300"]);

        var done = await EndAsync(job.Id);
        var attempt = (await _server.Api.GetAttemptsAsync(job.Id)).Single();

        Assert.That(done.State, Is.EqualTo(JobState.Succeeded), "the payload itself exited 0");
        Assert.That(attempt.Reason, Does.Contain("left 1 process(es) running after it exited; they were killed"));
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    [Test]
    public async Task WritesOneGigabyteToStdout_TheLogIsCappedWithAMarkerAndThePilotStaysSmall()
    {
        const long gigabyte = 1L << 30;
        var started = DateTime.UtcNow;
        var (job, marker) = await SubmitAsync(["flood", gigabyte.ToString()]);

        var done = await EndAsync(job.Id);
        var elapsed = DateTime.UtcNow - started;
        var peakRssMb = PeakRssMb(_agent.Id);

        await TestContext.Out.WriteLineAsync($"1 GiB of stdout drained in {elapsed.TotalSeconds:0.0} s; agent peak RSS {peakRssMb} MB");
        Assert.That(done.State, Is.EqualTo(JobState.Succeeded));
        Assert.That(done.LogTail, Does.Contain("log truncated at").And.Contain("bytes of output were dropped"));
        Assert.That(peakRssMb, Is.LessThan(400), "the agent streams the flood; it never holds it in memory");
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    [Test]
    public async Task AllocatesFarBeyondItsMemoryRequest_IsKilledByItsCgroupAndSaysSo()
    {
        Requirements.That(IsWritable("/sys/fs/cgroup/memory"), "a writable cgroup v1 memory controller (run as root)");
        var (job, marker) = await SubmitAsync(["alloc", "2000"], memoryMb: 200, dotnetHeapUnlimited: true);

        var done = await EndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Failed));
        Assert.That(done.Reason, Does.Contain("exceeded its memory request of 200 MB"));
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    [Test]
    public async Task FillsItsWorkingDirectory_IsStoppedAtTheScratchLimitAndItsScratchRemoved()
    {
        var (job, marker) = await SubmitAsync(["fill-disk", "4000"]);

        var done = await EndAsync(job.Id);

        Assert.That(done.State, Is.EqualTo(JobState.Failed));
        Assert.That(done.Reason, Does.Contain($"scratch limit of {ScratchLimitMb} MB"));
        Assert.That(Directory.Exists(Path.Combine(WorkDirectory, "attempts", $"{job.Id}.1")), Is.False, "the scratch is cleaned up");
        Assert.That(ProcessTable.Matching(marker), Is.Empty);
    }

    /// <param name="dotnetHeapUnlimited">
    /// The test payload is a .NET program, whose GC caps its own heap below a cgroup's limit and aborts first; lifting
    /// that cap makes it allocate like any other program, into the kernel's OOM killer.
    /// </param>
    private async Task<(JobView Job, string Marker)> SubmitAsync(string[] mode, TimeSpan? walltime = null, long memoryMb = 0, bool dotnetHeapUnlimited = false)
    {
        var marker = $"hostile-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string> { ["TEST_MARKER"] = marker };
        if (dotnetHeapUnlimited)
        {
            environment["DOTNET_GCHeapHardLimit"] = "0x100000000";
        }

        var job = await _server.Api.SubmitAsync(new JobSpec
        {
            Name = mode[0],
            Command = Executables.Payload(mode),
            Environment = environment,
            Resources = new ResourceRequest { Cores = 1, MemoryMb = memoryMb, Walltime = walltime ?? ResourceRequest.DefaultWalltime },
        });
        return (job, marker);
    }

    private Task<JobView> EndAsync(long id) =>
        Eventually.UntilAsync(() => _server.Api.GetJobAsync(id), j => j.State is not (JobState.Queued or JobState.Running), JobTimeout, $"job {id} to end");

    private static long PeakRssMb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    private static bool IsWritable(string directory)
    {
        var probe = Path.Combine(directory, $"pilot-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
