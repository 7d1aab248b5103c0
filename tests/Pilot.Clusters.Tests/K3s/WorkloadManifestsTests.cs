using k8s;
using k8s.Models;
using Pilot.Contracts;
using Pilot.Runtimes;
using Pilot.Runtimes.Clusters.K3s;

namespace Pilot.Clusters.Tests.K3s;

[TestFixture]
public sealed class WorkloadManifestsTests
{
    private const string Manifests = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {epochs: "3"}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: train}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: train, image: "python:3.12-slim", command: [python3, -c, "print(1)"]}]
        """;

    private static PayloadLaunch Launch(JobSpec spec, string scratch = "/tmp") => new()
    {
        JobId = 42,
        LeaseId = "l",
        Spec = spec,
        ScratchDirectory = scratch,
        Environment = new Dictionary<string, string>(),
    };

    [Test]
    public void Load_CommandAndImage_GeneratesOneJobPodPerNodeWithTheJobsResources()
    {
        var spec = new JobSpec
        {
            Command = ["python3", "train.py"],
            Environment = new Dictionary<string, string> { ["LR"] = "0.1" },
            Resources = new ResourceRequest { Cores = 4, MemoryMb = 2048, Gpus = 1, Nodes = 2, Walltime = TimeSpan.FromMinutes(30) },
            Cluster = new ClusterSpec { Type = "k3s", Image = "python:3.12-slim", Namespace = "work" },
        };

        var yaml = KubernetesYaml.Serialize(WorkloadManifests.Load(Launch(spec), nodes: 2).Single());

        Assert.That(yaml, Is.EqualTo("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: pilot-job-42
              namespace: work
            spec:
              activeDeadlineSeconds: 1800
              backoffLimit: 0
              completions: 2
              parallelism: 2
              template:
                spec:
                  containers:
                  - command:
                    - python3
                    - train.py
                    env:
                    - name: LR
                      value: "0.1"
                    image: python:3.12-slim
                    name: payload
                    resources:
                      limits:
                        cpu: 4
                        memory: 2Gi
                        nvidia.com/gpu: 1
                      requests:
                        cpu: 4
                        memory: 2Gi
                        nvidia.com/gpu: 1
                  restartPolicy: Never
            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Load_InlineManifests_GivesTypedObjectsInOrder()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", Manifests = Manifests } };

        var objects = WorkloadManifests.Load(Launch(spec), nodes: 1);

        Assert.That(objects.Select(o => (o.GetType(), o.Metadata.Name)), Is.EqualTo(new[] { (typeof(V1ConfigMap), "settings"), (typeof(V1Job), "train") }));
    }

    [Test]
    public void Load_ManifestFiles_ReadsThemFromTheWorkingDirectory()
    {
        using var directory = new Pilot.Testing.TemporaryDirectory();
        File.WriteAllText(directory.Sub("job.yaml"), Manifests);
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", ManifestFiles = ["job.yaml"] } };

        var objects = WorkloadManifests.Load(Launch(spec, directory.Path), nodes: 1);

        Assert.That(objects.OfType<V1Job>().Single().Spec.Template.Spec.Containers[0].Image, Is.EqualTo("python:3.12-slim"));
    }

    [Test]
    public void Load_MissingManifestFile_IsASetupFailureNamingTheFile()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", ManifestFiles = ["nope.yaml"] } };

        var failure = Assert.Throws<SetupFailedException>(() => WorkloadManifests.Load(Launch(spec, "/nonexistent-scratch"), nodes: 1));

        Assert.That(failure!.Message, Does.Contain("/nonexistent-scratch/nope.yaml"));
    }
}
