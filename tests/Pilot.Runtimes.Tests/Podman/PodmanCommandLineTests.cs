using Pilot.Runtimes.Podman;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Podman;

/// <summary>Against the documented CLI (docs.podman.io podman-run); podman 4.3 installs here but cannot start containers in this sandbox.</summary>
[TestFixture]
public sealed class PodmanCommandLineTests
{
    [Test]
    public void Build_Basic_ReadOnlyVolumesWorkdirAndEnvironmentByName()
    {
        var words = PodmanCommandLine.Build(Invocations.Basic("docker://alpine:3.20"));

        Assert.That(words, Is.EqualTo(new[]
        {
            "podman", "run", "--rm", "--init", "--read-only", "--volume=/scratch/7.1:/scratch/7.1", "--volume=/data:/input:ro",
            "--workdir=/scratch/7.1/run", "--env=CUDA_VISIBLE_DEVICES", "--env=PILOT_JOB_ID", "--env=PILOT_ATTEMPT_MARKER",
            "docker.io/alpine:3.20", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Build_WithGpusAndWritable_AddsTheCdiDeviceAndDropsReadOnly()
    {
        var words = PodmanCommandLine.Build(Invocations.Basic("ghcr.io/org/app:1") with { Binds = [], EnvironmentNames = [], Gpus = true, ReadOnly = false });

        Assert.That(words, Is.EqualTo(new[]
        {
            "podman", "run", "--rm", "--init", "--workdir=/scratch/7.1/run", "--device=nvidia.com/gpu=all", "ghcr.io/org/app:1", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [TestCase("docker://alpine:3.20", "docker.io/alpine:3.20")]
    [TestCase("docker://library/alpine", "docker.io/library/alpine")]
    [TestCase("docker://ghcr.io/org/app:1", "ghcr.io/org/app:1")]
    [TestCase("docker://localhost/app", "localhost/app")]
    [TestCase("registry.example.org:5000/app", "registry.example.org:5000/app")]
    public void ImageName_DockerReference_IsFullyQualified(string image, string expected) =>
        Assert.That(PodmanCommandLine.ImageName(image), Is.EqualTo(expected));
}
