using Pilot.Contracts;
using Pilot.Runtimes.Site;
using Pilot.Runtimes.Tests.Containers;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Site;

[TestFixture]
public sealed class CommandTemplateTests
{
    private static SiteRuntimeDefinition Definition(params string[] command) => new() { Name = "sitebox", Command = [.. command] };

    [Test]
    public void Expand_EveryPlaceholder_IsReplacedWordByWord()
    {
        var definition = Definition("sitebox", "run", "{binds}", "--cwd={workdir}", "{options}", "--image", "{image}", "--", "{command}");

        var words = CommandTemplate.Expand(definition, Invocations.Basic("/images/app.img") with { Options = ["--quiet"] });

        Assert.That(words, Is.EqualTo(new[]
        {
            "sitebox", "run", "--bind", "/scratch/7.1:/scratch/7.1", "--bind", "/data:/input", "--cwd=/scratch/7.1/run", "--quiet",
            "--image", "/images/app.img", "--", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Expand_BindTemplateWithMode_FormatsEachBind()
    {
        var definition = Definition("sitebox", "{binds}", "{image}", "{command}");
        definition.Bind = ["-v", "{source}={target},{mode}"];

        var words = CommandTemplate.Expand(definition, Invocations.Basic("img") with { Command = ["true"] });

        Assert.That(words, Is.EqualTo(new[] { "sitebox", "-v", "/scratch/7.1=/scratch/7.1,rw", "-v", "/data=/input,ro", "img", "true" }));
    }

    [Test]
    public void Expand_NoBindsOrOptions_LeavesNoEmptyWords()
    {
        var words = CommandTemplate.Expand(Definition("sitebox", "{binds}", "{options}", "{command}"), Invocations.Basic("img") with { Binds = [], Command = ["true"] });

        Assert.That(words, Is.EqualTo(new[] { "sitebox", "true" }));
    }

    [Test]
    public void Problems_GoodDefinition_HasNone() =>
        Assert.That(CommandTemplate.Problems(Definition("sitebox", "run", "{image}", "{command}")), Is.Empty);

    [Test]
    public void Problems_BadDefinition_NamesEachProblem()
    {
        var definition = new SiteRuntimeDefinition { Name = "Site Box", Command = ["{image}", "--cmd={command}", "{imgae}"], Bind = ["{src}"] };

        var problems = CommandTemplate.Problems(definition);

        Assert.That(problems, Has.Some.Contains("Name must be lower-case"));
        Assert.That(problems, Has.Some.Contains("must start with the program"));
        Assert.That(problems, Has.Some.Contains("must have the word {command}"));
        Assert.That(problems, Has.Some.Contains("unknown placeholder {imgae}"));
        Assert.That(problems, Has.Some.Contains("must be whole words"));
        Assert.That(problems, Has.Some.Contains("Bind has unknown placeholder {src}"));
    }

    [Test]
    public void BuildCommand_SiteRuntime_RunsTheExpandedTemplateInTheWorkingDirectory()
    {
        var runtime = new SiteRuntime(Definition("sitebox", "exec", "{image}", "{command}"));
        var launch = Launches.For(new RuntimeSpec { Type = "sitebox", Image = "app" }, ["echo", "hi"]) with { PreparedImage = "app" };

        var command = runtime.BuildCommand(launch);

        Assert.That(command.ToString(), Is.EqualTo("sitebox exec app echo hi"));
        Assert.That(command.WorkingDirectory, Is.EqualTo(Launches.Scratch));
        Assert.That(command.Environment["FOO"], Is.EqualTo("bar"));
    }
}
