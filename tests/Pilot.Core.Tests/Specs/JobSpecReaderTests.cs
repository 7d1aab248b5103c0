using Pilot.Contracts;
using Pilot.Core.Specs;

namespace Pilot.Core.Tests.Specs;

[TestFixture]
public sealed class JobSpecReaderTests
{
    [Test]
    public void Read_Json_ReadsEveryField()
    {
        const string json = """
            {"name": "scan", "command": ["python3", "scan.py"], "environment": {"LR": "0.1"}, "working_directory": "out",
             "resources": {"cores": 4, "memory_mb": 2048, "gpus": 1, "nodes": 1, "walltime": "01:30:00"},
             "runtime": {"type": "apptainer", "image": "docker://alpine:3.20", "binds": ["/data:/data"]},
             "queue": "gpu", "priority": 10, "retries": {"payload_failure": 2}}
            """;

        var spec = JobSpecReader.Read(json, SpecFormat.Json);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Name, Is.EqualTo("scan"));
            Assert.That(spec.Command, Is.EqualTo(new[] { "python3", "scan.py" }));
            Assert.That(spec.Environment!["LR"], Is.EqualTo("0.1"));
            Assert.That(spec.Resources.Cores, Is.EqualTo(4));
            Assert.That(spec.Resources.MemoryMb, Is.EqualTo(2048));
            Assert.That(spec.Resources.Walltime, Is.EqualTo(TimeSpan.FromMinutes(90)));
            Assert.That(spec.Runtime.Image, Is.EqualTo("docker://alpine:3.20"));
            Assert.That(spec.Queue, Is.EqualTo("gpu"));
            Assert.That(spec.Retries!.PayloadFailure, Is.EqualTo(2));
        });
    }

    [Test]
    public void Read_Yaml_GivesTheSameSpecAsJson()
    {
        const string yaml = """
            name: scan
            command: [python3, scan.py]
            environment:
              LR: "0.1"
            resources:
              cores: 4
              memory_mb: 2048
              walltime: 90m
            priority: 10
            """;

        var spec = JobSpecReader.Read(yaml, SpecFormat.Yaml);

        Assert.That(spec.Command, Is.EqualTo(new[] { "python3", "scan.py" }));
        Assert.That(spec.Resources.Cores, Is.EqualTo(4));
        Assert.That(spec.Resources.Walltime, Is.EqualTo(TimeSpan.FromMinutes(90)));
        Assert.That(spec.Environment!["LR"], Is.EqualTo("0.1"));
        Assert.That(spec.Priority, Is.EqualTo(10));
    }

    [Test]
    public void Read_UnknownField_NamesItAndListsTheAllowedOnes()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("""{"command": ["x"], "resources": {"cpus": 2}}""", SpecFormat.Json));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("resources.cpus"));
        Assert.That(error.Errors.Single().Message, Does.Contain("not a known field").And.Contain("cores"));
    }

    [Test]
    public void Read_MalformedJson_SaysWhere()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("""{"command": ["x"], "resources": {"cores": }}""", SpecFormat.Json));

        Assert.That(error!.Message, Does.Contain("resources.cores"));
    }

    [Test]
    public void Read_WrongType_NamesTheField()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("""{"command": "echo hi"}""", SpecFormat.Json));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("command"));
    }

    [Test]
    public void Read_MalformedYaml_GivesLineAndColumn()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("command: [a, b\nresources: {", SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain("is not valid YAML"));
    }

    [Test]
    public void Read_BadWalltime_ExplainsTheForms()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("""{"command": ["x"], "resources": {"walltime": "soon"}}""", SpecFormat.Json));

        Assert.That(error!.Message, Does.Contain("'soon' is not a duration"));
    }

    [TestCase("job.yaml", SpecFormat.Yaml)]
    [TestCase("job.yml", SpecFormat.Yaml)]
    [TestCase("application/yaml", SpecFormat.Yaml)]
    [TestCase("job.json", SpecFormat.Json)]
    [TestCase("application/json; charset=utf-8", SpecFormat.Json)]
    public void FormatOf_NameOrContentType_PicksTheReader(string name, SpecFormat expected) =>
        Assert.That(JobSpecReader.FormatOf(name), Is.EqualTo(expected));
}
