using Pilot.Contracts;
using Pilot.Core.Specs;
using Pilot.Runtimes.Bubblewrap;
using Pilot.Runtimes.Charliecloud;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Containers;

/// <summary>
/// Real containers from a busybox-static root filesystem, through the runtime's prepare and command line and the
/// payload runner, as the agent does it: as root and as an ordinary user.
/// </summary>
[TestFixture(RuntimeNames.Charliecloud, "ch-run")]
[TestFixture(RuntimeNames.Bubblewrap, "bwrap")]
[Category("Containers")]
public sealed class RootfsContainerTests(string runtimeName, string program)
{
    private TemporaryDirectory _directory = null!;
    private string _rootfs = null!;
    private string _marker = null!;
    private IPayloadRuntime _runtime = null!;

    [SetUp]
    public void SetUp()
    {
        Requirements.Command(program);
        _directory = new TemporaryDirectory();
        _rootfs = BusyboxRootfs.Create(_directory.Sub("rootfs"));
        _marker = $"container-{Guid.NewGuid():N}";
        _runtime = runtimeName == RuntimeNames.Charliecloud ? new CharliecloudRuntime(TimeProvider.System) : new BubblewrapRuntime(TimeProvider.System);
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task Run_PayloadExits3_IsPayloadFailedWithExitCode3()
    {
        var (result, _) = await RunAsync(Spec(), ["/bin/sh", "-c", "exit 3"]);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.PayloadFailed));
        Assert.That(result.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public async Task Run_StdoutAndStderr_BothReachTheLog()
    {
        var (result, log) = await RunAsync(Spec(), ["/bin/sh", "-c", "echo out-from-container; echo err-from-container >&2"]);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain("out-from-container").And.Contain("err-from-container"));
    }

    [Test]
    public async Task Run_Environment_JobAndPilotVariablesReachThePayload()
    {
        var (_, log) = await RunAsync(Spec(), ["/bin/sh", "-c", "echo \"FOO=$FOO JOB=$PILOT_JOB_ID\""]);

        Assert.That(log, Does.Contain("FOO=bar JOB=7"));
    }

    [Test]
    public async Task Run_WorkingDirectory_IsTheAttemptsOwnInsideTheContainer()
    {
        var (result, log) = await RunAsync(Spec(), ["/bin/sh", "-c", "pwd; echo written > here.txt"], workingDirectory: "run");

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(log, Does.Contain(Path.Combine(Scratch, "run") + "\n"));
        Assert.That(File.ReadAllText(Path.Combine(Scratch, "run", "here.txt")), Is.EqualTo("written\n"), "the scratch is the host's directory");
    }

    [Test]
    public async Task Run_Bind_HostDirectoryIsVisibleAtItsTarget()
    {
        var data = Directory.CreateDirectory(_directory.Sub("data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "input.txt"), "from-the-host");
        BusyboxRootfs.Share(data);

        var (_, log) = await RunAsync(Spec() with { Binds = [$"{data}:/mnt"] }, ["/bin/cat", "/mnt/input.txt"]);

        Assert.That(log, Does.Contain("from-the-host"));
    }

    [Test]
    public async Task Evict_PayloadAndItsChildrenInside_NothingIsLeft()
    {
        using var control = new PayloadControl();
        var running = RunAsync(Spec(), ["/bin/sh", "-c", "trap '' TERM; sleep 300 & sleep 300 & echo started; wait"], control: control);
        await Eventually.UntilAsync(() => File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the container to start");

        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(1));
        var (result, _) = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Evicted));
        await Eventually.UntilAsync(() => ProcessTable.Matching(_marker).Count == 0, TimeSpan.FromSeconds(5), "every process of the container to be gone");
    }

    [Test]
    public void Prepare_MissingImage_IsASetupFailureNamingIt()
    {
        var missing = _directory.Sub("no-such-image");

        var error = Assert.ThrowsAsync<SetupFailedException>(() => PrepareAsync(Spec() with { Image = missing }));

        Assert.That(error!.Message, Does.Contain($"image {missing} does not exist on this node"));
    }

    [Test]
    public void Prepare_RegistryImage_SaysHowToConvertIt()
    {
        var error = Assert.ThrowsAsync<SetupFailedException>(() => PrepareAsync(Spec() with { Image = "docker://alpine:3.20" }));

        Assert.That(error!.Message, Does.Contain("not the registry image 'docker://alpine:3.20'").And.Contain("ch-convert"));
    }

    [Test]
    public void Prepare_BindTargetMissingFromTheImage_IsASetupFailureSayingWhatToDo()
    {
        var error = Assert.ThrowsAsync<SetupFailedException>(() => PrepareAsync(Spec() with { Binds = ["/etc:/opt/config"] }));

        Assert.That(error!.Message, Does.Contain("has no /opt/config to mount /etc on").And.Contain("create that directory in the image"));
    }

    [Test]
    public async Task Run_Tarball_IsUnpackedOnceIntoTheCacheAndReused()
    {
        var tarball = BusyboxRootfs.CreateTarball(_rootfs, _directory.Sub("busybox.tar"));

        var (first, firstLog) = await RunAsync(Spec() with { Image = tarball }, ["/bin/echo", "first"]);
        var (second, secondLog) = await RunAsync(Spec() with { Image = tarball }, ["/bin/echo", "second"]);

        Assert.That(first.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(second.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
        Assert.That(firstLog, Does.Contain("preparing it into this node's cache").And.Contain("first"));
        Assert.That(secondLog, Does.Contain("reusing").And.Not.Contain("preparing").And.Contain("second"));
        Assert.That(Directory.GetFileSystemEntries(CacheDirectory), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Run_SquashFsImage_IsUnpackedIntoTheCacheAndRuns()
    {
        var squashfs = BusyboxRootfs.CreateSquashFs(_rootfs, _directory.Sub("busybox.sqfs"));

        var (result, log) = await RunAsync(Spec() with { Image = squashfs }, ["/bin/sh", "-c", "echo from-squashfs"]);

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded), log);
        Assert.That(log, Does.Contain("preparing it into this node's cache").And.Contain("from-squashfs"));
        Assert.That(Directory.GetFileSystemEntries(CacheDirectory).Single(), Does.EndWith(".rootfs"));
    }

    [Test]
    public async Task RunAndEvict_AsOrdinaryUser_WorksAndLeavesNothing()
    {
        var user = OrdinaryUser.Require();
        using var control = new PayloadControl();
        var running = RunAsync(Spec(), ["/bin/sh", "-c", "id -un; echo started; sleep 300"], control: control, asUser: user);
        await Eventually.UntilAsync(() => File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the container to start");

        control.RequestStop(StopReason.Evicted, TimeSpan.FromSeconds(1));
        var (result, log) = await running;

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Evicted), log);
        Assert.That(log, Does.Contain($"{user}\n").Or.Contain("1001\n"), "the payload ran as the ordinary user");
        await Eventually.UntilAsync(() => ProcessTable.Matching(_marker).Count == 0, TimeSpan.FromSeconds(5), "every process of the container to be gone");
    }

    private string Scratch => _directory.Sub("attempt");

    private string CacheDirectory => _directory.Sub("images");

    private string LogPath => _directory.Sub("attempt.log");

    private RuntimeSpec Spec() => new() { Type = runtimeName, Image = _rootfs };

    private Task<PayloadLaunch> PrepareAsync(RuntimeSpec spec)
    {
        using var log = new PayloadLog(LogPath, 1024 * 1024);
        return _runtime.PrepareAsync(Launch(spec, ["/bin/true"], null), log, CancellationToken.None);
    }

    private PayloadLaunch Launch(RuntimeSpec spec, string[] command, string? workingDirectory) =>
        Launches.For(spec, command, Scratch, CacheDirectory, workingDirectory: workingDirectory);

    /// <summary>What the agent does for an attempt: prepare, build the command, run it with the attempt's marker.</summary>
    private async Task<(PayloadResult Result, string Log)> RunAsync(RuntimeSpec spec, string[] command, string? workingDirectory = null, PayloadControl? control = null, string? asUser = null)
    {
        var launch = Launch(spec, command, workingDirectory);
        Directory.CreateDirectory(launch.WorkingDirectory);
        PayloadResult result;
        using (var log = new PayloadLog(LogPath, 1024 * 1024))
        using (var ownControl = new PayloadControl())
        {
            launch = await _runtime.PrepareAsync(launch, log, CancellationToken.None);
            var payload = _runtime.BuildCommand(launch);
            if (asUser is not null)
            {
                payload = AsUser(payload, asUser, launch);
            }

            result = await new PayloadRunner(TimeProvider.System).RunAsync(payload, log, control ?? ownControl, _marker);
        }

        return (result, await File.ReadAllTextAsync(LogPath));
    }

    private static PayloadCommand AsUser(PayloadCommand payload, string user, PayloadLaunch launch)
    {
        BusyboxRootfs.Share(launch.PreparedImage!);
        foreach (var dir in new[] { launch.ScratchDirectory, launch.WorkingDirectory })
        {
            new DirectoryInfo(dir).UnixFileMode = (UnixFileMode)0b111_111_111;
        }

        BusyboxRootfs.Share(launch.ScratchDirectory);
        var environment = new Dictionary<string, string>(payload.Environment) { ["USER"] = user, ["HOME"] = "/tmp" };
        return PayloadCommand.Of([.. OrdinaryUser.Prefix(), payload.Program, .. payload.Arguments], environment, payload.WorkingDirectory);
    }
}
