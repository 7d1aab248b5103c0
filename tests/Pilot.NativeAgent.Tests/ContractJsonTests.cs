using System.Text.Json;
using Pilot.Contracts;

namespace Pilot.NativeAgent.Tests;

/// <summary>
/// The Native AOT agent reads and writes the API through <see cref="PilotJsonContext"/>'s generated metadata; the
/// server and <c>pilot</c> use reflection. What one writes, the other must read back the same.
/// </summary>
[TestFixture]
public sealed class ContractJsonTests
{
    private static readonly JsonSerializerOptions Generated = new(PilotJson.Options) { TypeInfoResolver = PilotJsonContext.Default };

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JobSpec Spec = new()
    {
        Name = "sweep",
        Command = ["/bin/echo", "hello"],
        Environment = new Dictionary<string, string> { ["A"] = "1" },
        Resources = new ResourceRequest { Cores = 2, MemoryMb = 512, Walltime = TimeSpan.FromMinutes(90) },
        Queue = "gpu",
        Labels = new Dictionary<string, string> { [JobSpec.GroupLabel] = "g1" },
        Priority = 5,
        Retries = new RetryPolicy { PayloadFailure = 2 },
        Cluster = new ClusterSpec { Type = ClusterSpec.DaskType, StartupTimeout = TimeSpan.FromMinutes(3) },
        AfterOk = [1, 2],
    };

    [Test]
    public void WorkExchange_WrittenByEitherResolver_IsTheSameJson()
    {
        var request = new WorkRequest
        {
            Sequence = 7,
            Reports = [new LeaseReport("lease-1", new AttemptReport { FencingToken = 3, Outcome = AttemptOutcome.PayloadFailed, ExitCode = 3, FinishedAt = Now, LogTail = "exiting with 3" })],
            Heartbeat = new Heartbeat { Leases = [new LeaseRef("lease-2", 4)], Free = new ResourceSet { Cores = 1, MemoryMb = 100 }, Draining = true, DrainReason = "walltime" },
            Lease = new LeaseRequest { Free = new ResourceSet { Cores = 1 }, MaxJobs = 1 },
        };
        var response = new WorkResponse
        {
            Sequence = 7,
            Reports = [new ReportReceipt("lease-1", Accepted: true)],
            Renewed = [new LeaseRenewal("lease-2", Now)],
            Jobs = [new LeasedJob { JobId = 9, LeaseId = "lease-3", FencingToken = 1, ExpiresAt = Now, Attempt = 1, Spec = Spec, SubmittedAt = Now }],
            Commands = [new PilotCommand(PilotCommandKind.SoftKill, "lease-2", "cancelled by its owner", GraceSeconds: 5)],
        };

        AssertSameBothWays(request);
        AssertSameBothWays(response);
    }

    [Test]
    public void RegistrationAndJobViews_WrittenByEitherResolver_AreTheSameJson()
    {
        AssertSameBothWays(new PilotRegistration { Hostname = "node1", Resources = new ResourceSet { Cores = 2, MemoryMb = 1024 }, Runtimes = ["process"], WalltimeEnd = Now });
        AssertSameBothWays(new PilotRegistered("pilot-1", 30, 120));
        AssertSameBothWays(new GroupView("g1", 3, new Dictionary<JobState, int> { [JobState.Succeeded] = 2, [JobState.Queued] = 1 }));
        AssertSameBothWays(Spec);
    }

    private static void AssertSameBothWays<T>(T value)
    {
        var byReflection = JsonSerializer.Serialize(value, PilotJson.Options);
        var byGenerated = JsonSerializer.Serialize(value, Generated);

        Assert.That(byGenerated, Is.EqualTo(byReflection), "written the same");
        Assert.That(JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(byReflection, Generated), PilotJson.Options), Is.EqualTo(byReflection), "the generated metadata reads what reflection wrote");
        Assert.That(JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(byGenerated, PilotJson.Options), Generated), Is.EqualTo(byGenerated), "reflection reads what the generated metadata wrote");
    }
}
