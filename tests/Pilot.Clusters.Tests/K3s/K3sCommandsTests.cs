using Pilot.Runtimes.Clusters;
using Pilot.Runtimes.Clusters.K3s;

namespace Pilot.Clusters.Tests.K3s;

[TestFixture]
public sealed class K3sCommandsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private static readonly K3sPorts Ports = new(Api: 40001, Kubelet: 40002, KubeletHealth: 40003, ControllerManager: 40004, Scheduler: 40005, ProxyHealth: 40006, ProxyMetrics: 40007, AgentLoadBalancer: 40008);

    private static K3sNode Node(bool rootless = false) => new()
    {
        Name = "node1",
        DataDirectory = "/scratch/k3s/data-node1",
        TokenFile = "/scratch/k3s/token",
        Ports = Ports,
        Share = new NodeShare(Cores: 4, MemoryMb: 8192, Gpus: 0, MachineCores: 16, MachineMemoryMb: 65536),
        Labels = new Dictionary<string, string> { ["pilot.dev/job-id"] = "7" },
        Rootless = rootless,
    };

    [Test]
    public void Server_OwnDataDirFreePortsAndTheJobsShare_IsTheExactCommandLine()
    {
        var command = new K3sCommands(new ClusterOptions { K3s = "/opt/k3s/k3s" }).Server(Node(), "/scratch/k3s/kubeconfig.yaml", NoEnvironment, "/scratch/k3s");

        Assert.That(command.ToString(), Is.EqualTo(
            "/opt/k3s/k3s server --https-port 40001 --write-kubeconfig /scratch/k3s/kubeconfig.yaml --write-kubeconfig-mode 0600 "
            + "--disable traefik --disable servicelb --disable metrics-server "
            + "--kube-controller-manager-arg=secure-port=40004 --kube-scheduler-arg=secure-port=40005 "
            + "--data-dir /scratch/k3s/data-node1 --node-name node1 --token-file /scratch/k3s/token "
            + "--kubelet-arg=port=40002 --kubelet-arg=healthz-port=40003 --kubelet-arg=system-reserved=cpu=12000m,memory=57344Mi "
            + "--kube-proxy-arg=healthz-bind-address=127.0.0.1:40006 --kube-proxy-arg=metrics-bind-address=127.0.0.1:40007 "
            + "--node-label pilot.dev/job-id=7"));
    }

    [Test]
    public void Agent_RootlessWithTaint_JoinsTheServerAndMarksItself()
    {
        var node = Node(rootless: true) with { Taints = ["pilot.dev/pilot=p-1:NoSchedule"] };

        var command = new K3sCommands(new ClusterOptions()).Agent("https://head:40001", node, NoEnvironment, "/scratch/k3s");

        Assert.That(command.ToString(), Is.EqualTo(
            "k3s agent --server https://head:40001 --lb-server-port 40008 "
            + "--data-dir /scratch/k3s/data-node1 --node-name node1 --token-file /scratch/k3s/token "
            + "--kubelet-arg=port=40002 --kubelet-arg=healthz-port=40003 --kubelet-arg=system-reserved=cpu=12000m,memory=57344Mi "
            + "--kube-proxy-arg=healthz-bind-address=127.0.0.1:40006 --kube-proxy-arg=metrics-bind-address=127.0.0.1:40007 "
            + "--node-label pilot.dev/job-id=7 --node-taint pilot.dev/pilot=p-1:NoSchedule --rootless"));
    }

    [TestCase(16, 65536L, 16, 65536L, null)]
    [TestCase(4, 0L, 16, 65536L, "system-reserved=cpu=12000m")]
    [TestCase(16, 1024L, 16, 4096L, "system-reserved=memory=3072Mi")]
    public void SystemReserved_HoldsBackWhatIsNotThePilots(int cores, long memoryMb, int machineCores, long machineMemoryMb, string? expected) =>
        Assert.That(new NodeShare(cores, memoryMb, 0, machineCores, machineMemoryMb).SystemReserved(), Is.EqualTo(expected));

    [Test]
    public void GpuCapacityPatch_AdvertisesGpusAsAnExtendedResource() =>
        Assert.That(K3sCluster.GpuCapacityPatch(2), Is.EqualTo("""{"status":{"capacity":{"nvidia.com/gpu":"2"}}}"""));

    [Test]
    public void Free_EightDistinctPorts() =>
        Assert.That(new[] { K3sPorts.Free() }.SelectMany(p => new[] { p.Api, p.Kubelet, p.KubeletHealth, p.ControllerManager, p.Scheduler, p.ProxyHealth, p.ProxyMetrics, p.AgentLoadBalancer }).Distinct().Count(), Is.EqualTo(8));
}
