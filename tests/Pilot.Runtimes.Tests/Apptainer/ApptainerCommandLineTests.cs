using Pilot.Runtimes.Apptainer;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Apptainer;

/// <summary>Against the documented CLI (apptainer.org/docs/user/latest/cli/apptainer_exec.html); Apptainer cannot be installed here.</summary>
[TestFixture]
public sealed class ApptainerCommandLineTests
{
    [Test]
    public void Build_Basic_ExecWithBindsAndPwd()
    {
        var words = ApptainerCommandLine.Build("apptainer", Invocations.Basic("/images/app.sif"));

        Assert.That(words, Is.EqualTo(new[]
        {
            "apptainer", "exec", "--bind", "/scratch/7.1:/scratch/7.1", "--bind", "/data:/input:ro",
            "--pwd", "/scratch/7.1/run", "/images/app.sif", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Build_WithGpusWritableAndOptions_AddsNvWritableTmpfsAndTheOptions()
    {
        var words = ApptainerCommandLine.Build("singularity", Invocations.Basic("/images/app.sif") with { Binds = [], Gpus = true, ReadOnly = false, Options = ["--cleanenv"] });

        Assert.That(words, Is.EqualTo(new[]
        {
            "singularity", "exec", "--nv", "--writable-tmpfs", "--pwd", "/scratch/7.1/run", "--cleanenv", "/images/app.sif", "python3", "train.py", "--lr", "0.1",
        }));
    }

    [Test]
    public void Pull_RegistryImage_WritesOneSifFile() =>
        Assert.That(ApptainerCommandLine.Pull("/cache/alpine.sif", "docker://alpine:3.20"), Is.EqualTo(new[] { "pull", "/cache/alpine.sif", "docker://alpine:3.20" }));
}
