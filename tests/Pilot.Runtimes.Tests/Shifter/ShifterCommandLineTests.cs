using Pilot.Runtimes.Shifter;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Shifter;

/// <summary>Against the documented CLI (NERSC "shifter --image=... --volume=..."); Shifter cannot be installed here.</summary>
[TestFixture]
public sealed class ShifterCommandLineTests
{
    [Test]
    public void Build_Basic_OneVolumeFlagWithEveryBind()
    {
        var words = ShifterCommandLine.Build(Invocations.Basic("docker:alpine:3.20"));

        Assert.That(words, Is.EqualTo(new[]
        {
            "shifter", "--image=docker:alpine:3.20", "--volume=/scratch/7.1:/scratch/7.1;/data:/input:ro", "--workdir=/scratch/7.1/run",
            "--", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Build_WithGpus_LoadsTheGpuModule()
    {
        var words = ShifterCommandLine.Build(Invocations.Basic("docker:alpine:3.20") with { Binds = [], Gpus = true });

        Assert.That(words, Is.EqualTo(new[] { "shifter", "--image=docker:alpine:3.20", "--workdir=/scratch/7.1/run", "--module=gpu", "--", "python3", "train.py", "--lr", "0.1" }));
    }

    [TestCase("docker://alpine:3.20", "docker:alpine:3.20")]
    [TestCase("alpine:3.20", "docker:alpine:3.20")]
    [TestCase("docker:ubuntu:22.04", "docker:ubuntu:22.04")]
    [TestCase("id:8e6b3b5c1a", "id:8e6b3b5c1a")]
    public void ImageName_AsUsersWriteIt_IsShiftersForm(string image, string expected) =>
        Assert.That(ShifterCommandLine.ImageName(image), Is.EqualTo(expected));
}
