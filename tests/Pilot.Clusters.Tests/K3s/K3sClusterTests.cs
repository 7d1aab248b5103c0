using Pilot.Contracts;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.K3s;

/// <summary>The k3s path as far as this machine kind allows: start-up failures for real, the whole cluster where a k3s binary exists.</summary>
[TestFixture]
public sealed class K3sClusterTests
{
    private const string HelloJob = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: hello}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: hello, image: "busybox:1.36", command: [sh, -c, "echo hello from k3s"]}]
        """;

    [Test]
    public void RunAsync_K3sBinaryMissing_FailsSetupNamingTheServerAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(TimeSpan.FromSeconds(30)));

        var failure = Assert.ThrowsAsync<SetupFailedException>(() => attempt.RunAsync(new ClusterOptions { K3s = "/nonexistent/k3s" }));

        Assert.That(failure!.Message, Does.Contain("the k3s cluster broke while starting: k3s-server"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    public void RunAsync_ServerNeverComesUp_FailsSetupAfterTheStartupTimeoutAndLeavesNothing()
    {
        using var attempt = new ClusterAttempt(Job(TimeSpan.FromSeconds(3)));
        var stuck = Path.Combine(attempt.Scratch, "stuck-k3s");
        attempt.WriteFile("stuck-k3s", "#!/bin/sh\nexec sleep 300\n");
        File.SetUnixFileMode(stuck, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var failure = Assert.ThrowsAsync<SetupFailedException>(() => attempt.RunAsync(new ClusterOptions { K3s = stuck }));

        Assert.That(failure!.Message, Does.Contain("did not come up within 00:00:03 (cluster.startup_timeout)"));
        Assert.That(attempt.LogText, Does.Contain("cluster stopped"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    [Test]
    [Category("K3s")]
    public async Task RunAsync_RealK3s_RunsTheJobAndCollectsItsLog()
    {
        // k3s has no Debian package and cannot be installed on the CI machine kind, so this test skips there (also in CI).
        var k3s = Environment.GetEnvironmentVariable("PILOT_TEST_K3S") is { Length: > 0 } given ? given : Requirements.Find("k3s");
        if (k3s is null)
        {
            Assert.Ignore("no k3s binary on this machine (k3s cannot be installed on this machine kind); set PILOT_TEST_K3S=/path/to/k3s to run it");
        }

        using var attempt = new ClusterAttempt(Job(TimeSpan.FromMinutes(5)));

        var result = await attempt.RunAsync(new ClusterOptions { K3s = k3s! });

        Assert.That(result.Outcome, Is.EqualTo(AttemptOutcome.Succeeded), attempt.LogText);
        Assert.That(attempt.LogText, Does.Contain("hello from k3s").And.Contain("cluster stopped"));
        Assert.That(ProcessTable.Matching(attempt.LeaseId), Is.Empty);
    }

    private static JobSpec Job(TimeSpan startupTimeout) => new()
    {
        Resources = new ResourceRequest { Cores = 1, MemoryMb = 512 },
        Cluster = new ClusterSpec { Type = ClusterSpec.K3sType, Manifests = HelloJob, StartupTimeout = startupTimeout },
    };
}
