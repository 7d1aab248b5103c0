using Pilot.Runtimes.Charliecloud;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Charliecloud;

[TestFixture]
public sealed class CharliecloudCommandLineTests
{
    [Test]
    public void Build_Basic_BindsChangesDirectoryAndSeparatesTheCommand()
    {
        var words = CharliecloudCommandLine.Build(Invocations.Basic("/images/app") with { Binds = Invocations.Basic("x").Binds.Take(1).ToList() });

        Assert.That(words, Is.EqualTo(new[]
        {
            "ch-run", "--bind=/scratch/7.1:/scratch/7.1", "--cd=/scratch/7.1/run", "/images/app", "--", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Build_WithOptions_PutsThemBeforeTheImage()
    {
        var words = CharliecloudCommandLine.Build(Invocations.Basic("/images/app") with { Binds = [], Options = ["--private-tmp"] });

        Assert.That(words, Is.EqualTo(new[] { "ch-run", "--cd=/scratch/7.1/run", "--private-tmp", "/images/app", "--", "python3", "train.py", "--lr", "0.1" }));
    }
}
