using Pilot.Runtimes.Sarus;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Sarus;

/// <summary>Against the documented CLI (sarus.readthedocs.io, "sarus run --mount=type=bind,..."); Sarus cannot be installed here.</summary>
[TestFixture]
public sealed class SarusCommandLineTests
{
    [Test]
    public void Build_Basic_BindMountsWorkdirAndPlainImageName()
    {
        var words = SarusCommandLine.Build(Invocations.Basic("docker://alpine:3.20") with { Options = ["--init"] });

        Assert.That(words, Is.EqualTo(new[]
        {
            "sarus", "run", "--mount=type=bind,source=/scratch/7.1,destination=/scratch/7.1", "--mount=type=bind,source=/data,destination=/input,readonly",
            "--workdir=/scratch/7.1/run", "--init", "alpine:3.20", "python3", "train.py", "--lr", "0.1",
        }));
    }
}
