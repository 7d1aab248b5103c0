using Pilot.Contracts;
using Pilot.Core.Specs;

namespace Pilot.Clusters.Tests.Specs;

[TestFixture]
public sealed class ClusterSpecValidationTests
{
    private const string JobManifest = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: pi}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: pi, image: perl:5.34, command: [perl, -e, print 1]}]
        """;

    private static IReadOnlyList<SpecError> Validate(string yaml) =>
        new JobSpecValidator().Validate(JobSpecReader.Read(yaml, SpecFormat.Yaml));

    [Test]
    public void Read_DaskClusterSpec_TakesEveryField()
    {
        var spec = JobSpecReader.Read("""
            command: [/usr/bin/python3, client.py]
            resources: {cores: 4, memory_mb: 4000, nodes: 2}
            cluster: {type: dask, nodes: 2, workers_per_node: 2, startup_timeout: 2m}
            """, SpecFormat.Yaml);

        Assert.That(spec.Cluster, Is.EqualTo(new ClusterSpec { Type = "dask", Nodes = 2, WorkersPerNode = 2, StartupTimeout = TimeSpan.FromMinutes(2) }));
        Assert.That(new JobSpecValidator().Validate(spec), Is.Empty);
    }

    [Test]
    public void Validate_K3sWithInlineJobManifest_NeedsNoCommand()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", Manifests = JobManifest } };

        Assert.That(new JobSpecValidator().Validate(spec), Is.Empty);
    }

    [Test]
    public void Validate_K3sWithCommandAndImage_IsAccepted() =>
        Assert.That(Validate("command: [python3, -c, 'print(1)']\ncluster: {type: k3s, image: 'python:3.12-slim'}"), Is.Empty);

    [TestCase("cluster: {type: spark}", "cluster.type", "unknown cluster type 'spark'")]
    [TestCase("cluster: {type: dask, nodes: 3}", "cluster.nodes", "set resources.nodes to 3")]
    [TestCase("cluster: {type: dask, workers_per_node: 0}", "cluster.workers_per_node", "between 1 and")]
    [TestCase("cluster: {type: dask, startup_timeout: 2h}", "cluster.startup_timeout", "at most 1 hour")]
    [TestCase("cluster: {type: dask, image: 'x:1'}", "cluster.manifests", "are for k3s clusters")]
    [TestCase("runtime: {type: charliecloud, image: x}\ncluster: {type: dask}", "runtime.type", "must be 'process' for a cluster job")]
    public void Validate_BadDaskCluster_NamesTheField(string cluster, string field, string message)
    {
        var errors = Validate("command: [/usr/bin/python3, client.py]\n" + cluster);

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { field }));
        Assert.That(errors[0].Message, Does.Contain(message));
    }

    [Test]
    public void Validate_K3sWithoutWorkload_SaysTheThreeWays()
    {
        var errors = Validate("cluster: {type: k3s}");

        Assert.That(errors.Select(e => e.Field), Is.EquivalentTo(new[] { "command", "cluster.manifests" }));
        Assert.That(errors.Single(e => e.Field == "cluster.manifests").Message, Does.Contain("inline manifests, manifest_files, or command with cluster.image"));
    }

    [Test]
    public void Validate_K3sCommandWithoutImage_AsksForAnImage()
    {
        var errors = Validate("command: [python3, x.py]\ncluster: {type: k3s}");

        Assert.That(errors.Single().Field, Is.EqualTo("cluster.image"));
    }

    [Test]
    public void Validate_K3sManifestsWithoutJob_SaysAJobIsNeeded()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", Manifests = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n" } };

        var errors = new JobSpecValidator().Validate(spec);

        Assert.That(errors.Single().Field, Is.EqualTo("cluster.manifests"));
        Assert.That(errors.Single().Message, Does.Contain("must contain a Job"));
    }

    [Test]
    public void Validate_K3sManifestMissingKind_NamesTheDocument()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", Manifests = JobManifest + "\n---\napiVersion: v1\nmetadata: {name: c}\n" } };

        var errors = new JobSpecValidator().Validate(spec);

        Assert.That(errors.Single().Message, Is.EqualTo("document 2 needs apiVersion, kind and metadata.name"));
    }

    [Test]
    public void Validate_K3sBadNamespace_NamesTheField()
    {
        var spec = new JobSpec { Cluster = new ClusterSpec { Type = "k3s", Manifests = JobManifest, Namespace = "Not_Valid" } };

        Assert.That(new JobSpecValidator().Validate(spec).Single().Field, Is.EqualTo("cluster.namespace"));
    }

    [Test]
    public void Read_UnknownClusterField_ListsTheAllowedOnes()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("command: [x]\ncluster: {type: dask, worker: 2}", SpecFormat.Yaml));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("cluster.worker"));
        Assert.That(error.Errors.Single().Message, Does.Contain("workers_per_node").And.Contain("startup_timeout"));
    }
}
