using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Clusters.K3s;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Clusters.Tests.K3s;

[TestFixture]
public sealed class SiteNodeTests
{
    private static SiteNodeSettings Settings(string directory, string pilotId = "vm-1a2b") => new()
    {
        ServerUrl = "https://k3s.example.org:6443",
        TokenFile = "/etc/pilot/k3s-join-token",
        DataDirectory = directory,
        PilotId = pilotId,
        WalltimeEnd = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000),
        Cores = 8,
        MemoryMb = 16000,
        Gpus = 1,
        MachineCores = 8,
        MachineMemoryMb = 0,
        EvictionRetry = TimeSpan.FromMilliseconds(50),
    };

    [Test]
    public async Task Command_JoinsTheSiteServerLabelledAndTaintedWithThePilot()
    {
        await using var node = new SiteNode(new PayloadRunner(TimeProvider.System), new ClusterOptions { K3s = "/opt/k3s/k3s" }, TimeProvider.System, Settings("/work/site-node"));

        var words = node.Command.Arguments;

        Assert.That(node.Command.Program, Is.EqualTo("/opt/k3s/k3s"));
        Assert.That(words.Take(3), Is.EqualTo(new[] { "agent", "--server", "https://k3s.example.org:6443" }));
        Assert.That(node.Command.ToString(), Does.Contain("--data-dir /work/site-node --node-name pilot-vm-1a2b --token-file /etc/pilot/k3s-join-token"));
        Assert.That(Pairs(words, "--node-label"), Is.EqualTo(new[]
        {
            "pilot.dev/cores=8", "pilot.dev/gpus=1", "pilot.dev/memory-mb=16000", "pilot.dev/pilot-id=vm-1a2b", "pilot.dev/walltime-end=1800000000",
        }));
        Assert.That(Pairs(words, "--node-taint"), Is.EqualTo(new[] { "pilot.dev/pilot=vm-1a2b:NoSchedule" }));
    }

    [Test]
    public async Task Name_PilotIdWithCapitalsAndUnderscores_IsADnsSafeNodeName()
    {
        await using var node = new SiteNode(new PayloadRunner(TimeProvider.System), new ClusterOptions(), TimeProvider.System, Settings("/d", pilotId: "Node_7-ab"));

        Assert.That(node.Name, Is.EqualTo("pilot-node-7-ab"));
    }

    [Test]
    public async Task LeaveAsync_RunningAgent_DrainsTheNodeThenStopsTheAgentLeavingNothing()
    {
        using var directory = new TemporaryDirectory();
        var fakeK3s = directory.Sub("k3s");
        await File.WriteAllTextAsync(fakeK3s, "#!/bin/sh\nexec sleep 300\n");
        File.SetUnixFileMode(fakeK3s, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var pilotId = $"leave-{Guid.NewGuid():N}"[..20];
        await using var api = await FakeKubernetesApi.StartAsync();
        api.AddPod("default", "web-1", $"pilot-{pilotId}");
        await using var node = new SiteNode(new PayloadRunner(TimeProvider.System), new ClusterOptions { K3s = fakeK3s, StopGrace = TimeSpan.FromSeconds(1) }, TimeProvider.System, Settings(directory.Sub("site-node"), pilotId));
        node.Start();
        await Eventually.UntilAsync(() => ProcessTable.Matching(pilotId).Count > 0, TimeSpan.FromSeconds(10), "the k3s agent to run");

        var report = await node.LeaveAsync(api.Client(), DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None);

        Assert.That(report.Evicted, Is.EqualTo(new[] { "default/web-1" }));
        Assert.That(api.Calls.Last(), Is.EqualTo($"DELETE /api/v1/nodes/pilot-{pilotId}"));
        Assert.That(ProcessTable.Matching(pilotId), Is.Empty);
    }

    private static List<string> Pairs(IReadOnlyList<string> words, string flag) =>
        words.Select((w, i) => (w, i)).Where(p => p.w == flag).Select(p => words[p.i + 1]).ToList();
}
