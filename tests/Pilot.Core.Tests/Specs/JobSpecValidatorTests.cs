using Pilot.Contracts;
using Pilot.Core.Specs;

namespace Pilot.Core.Tests.Specs;

[TestFixture]
public sealed class JobSpecValidatorTests
{
    private static readonly JobSpec Good = new() { Command = ["python3", "train.py"] };

    [Test]
    public void Validate_MinimalSpec_HasNoErrors() =>
        Assert.That(new JobSpecValidator().Validate(Good), Is.Empty);

    [TestCase(0, "resources.cores")]
    [TestCase(-4, "resources.cores")]
    public void Validate_BadCores_NamesTheField(int cores, string field)
    {
        var errors = new JobSpecValidator().Validate(Good with { Resources = new ResourceRequest { Cores = cores } });

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { field }));
        Assert.That(errors[0].Message, Does.Contain("between 1 and"));
    }

    [TestCase("pmix", 0)]
    [TestCase("pmi2", 0)]
    [TestCase("none", 0)]
    [TestCase("openmpi", 1)]
    [TestCase("PMIX", 1)]
    public void Validate_Mpi_AcceptsSlurmsPluginsOnly(string mpi, int errorCount)
    {
        var errors = new JobSpecValidator().Validate(Good with { Mpi = mpi });

        Assert.That(errors, Has.Count.EqualTo(errorCount));
        Assert.That(errors.Select(e => e.Field), Has.All.EqualTo("mpi"));
        Assert.That(errors.Select(e => e.Message), Has.All.Contain("pmix").And.All.Contain("site's default"));
    }

    [Test]
    public void Validate_EmptyCommand_SaysWhatToWrite()
    {
        var errors = new JobSpecValidator().Validate(Good with { Command = [] });

        Assert.That(errors.Single().Field, Is.EqualTo("command"));
        Assert.That(errors.Single().Message, Does.Contain("must name a program"));
    }

    [Test]
    public void Validate_UnknownRuntime_ListsTheKnownOnes()
    {
        var errors = new JobSpecValidator().Validate(Good with { Runtime = new RuntimeSpec { Type = "docker" } });

        Assert.That(errors.Single().Field, Is.EqualTo("runtime.type"));
        Assert.That(errors.Single().Message, Does.Contain("unknown runtime 'docker'").And.Contain("charliecloud").And.Contain("apptainer"));
    }

    [Test]
    public void Validate_ContainerWithoutImage_AsksForOne()
    {
        var errors = new JobSpecValidator().Validate(Good with { Runtime = new RuntimeSpec { Type = "charliecloud" } });

        Assert.That(errors.Single().Field, Is.EqualTo("runtime.image"));
    }

    [Test]
    public void Validate_SiteRuntime_IsAcceptedWhenConfigured()
    {
        var validator = new JobSpecValidator(new HashSet<string> { "process", "mysite-container" });

        Assert.That(validator.Validate(Good with { Runtime = new RuntimeSpec { Type = "mysite-container", Image = "x" } }), Is.Empty);
    }

    [Test]
    public void Validate_ClientSide_LeavesUnknownRuntimesToTheServer() =>
        Assert.That(JobSpecValidator.ForClients.Validate(Good with { Runtime = new RuntimeSpec { Type = "mysite-container" } }), Is.Empty);

    [Test]
    public void Validate_WithSiteRuntimes_AcceptsThemAndStillNamesTheBuiltIns()
    {
        var validator = JobSpecValidator.WithSiteRuntimes(["sitebox"]);

        Assert.That(validator.Validate(Good with { Runtime = new RuntimeSpec { Type = "sitebox" } }), Is.Empty);
        Assert.That(validator.Validate(Good with { Runtime = new RuntimeSpec { Type = "docker" } }).Single().Message, Does.Contain("bwrap, charliecloud").And.Contain("sitebox"));
    }

    [TestCase("relative/path")]
    [TestCase("/data:relative")]
    [TestCase("/data:/in:rx")]
    [TestCase("")]
    public void Validate_BadBind_NamesItsIndexAndTheForm(string bind)
    {
        var errors = new JobSpecValidator().Validate(Good with { Runtime = new RuntimeSpec { Type = "bwrap", Image = "/img", Binds = ["/ok:/ok:ro", bind] } });

        Assert.That(errors.Single().Field, Is.EqualTo("runtime.binds[1]"));
        Assert.That(errors.Single().Message, Does.Contain("/host/path:/container/path"));
    }

    [Test]
    public void Validate_ProcessWithImage_AsksForAContainerRuntime()
    {
        var errors = new JobSpecValidator().Validate(Good with { Runtime = new RuntimeSpec { Image = "docker://alpine" } });

        Assert.That(errors.Single().Field, Is.EqualTo("runtime.image"));
        Assert.That(errors.Single().Message, Does.Contain("choose a container runtime"));
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEachOnce()
    {
        var spec = Good with
        {
            Queue = "no spaces allowed",
            Priority = 5000,
            Environment = new Dictionary<string, string> { ["1BAD"] = "x" },
            Resources = new ResourceRequest { Cores = 1, MemoryMb = -1, Gpus = -1, Nodes = 0, Walltime = TimeSpan.Zero },
        };

        var fields = new JobSpecValidator().Validate(spec).Select(e => e.Field);

        Assert.That(fields, Is.EquivalentTo(new[]
        {
            "queue", "priority", "environment.1BAD", "resources.memory_mb", "resources.gpus", "resources.nodes", "resources.walltime",
        }));
    }

    [TestCase(2, 3, 6, 0, "resources.tasks", "multiple of resources.nodes")]
    [TestCase(1, 4, 6, 0, "resources.cores", "make it a multiple of 4")]
    [TestCase(2, 4, 3, 0, "resources.cores", "3 per node for 2 tasks per node")]
    [TestCase(1, -1, 1, 0, "resources.tasks", "at least 1")]
    public void Validate_UnevenSpreadOverNodesAndTasks_NamesTheFieldAndTheFix(int nodes, int tasks, int cores, int gpus, string field, string advice)
    {
        var spec = Good with { Resources = new ResourceRequest { Nodes = nodes, Tasks = tasks, Cores = cores, Gpus = gpus } };

        var error = new JobSpecValidator().Validate(spec).Single();

        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(advice));
    }

    [Test]
    public void Validate_EvenSpread_IsFine()
    {
        var spec = Good with { Resources = new ResourceRequest { Nodes = 2, Tasks = 8, Cores = 16, Gpus = 4 } };

        Assert.That(new JobSpecValidator().Validate(spec), Is.Empty);
    }

    [Test]
    public void ThrowIfInvalid_BadSpec_ThrowsWithEveryError()
    {
        var error = Assert.Throws<JobSpecException>(() => new JobSpecValidator().ThrowIfInvalid(Good with { Command = [], Priority = -2000 }));

        Assert.That(error!.Errors, Has.Count.EqualTo(2));
        Assert.That(error.Message, Does.StartWith("invalid job spec: command:"));
    }
}
