using Pilot.Runtimes.Bubblewrap;
using Pilot.Runtimes.Tests.Containers;

namespace Pilot.Runtimes.Tests.Bubblewrap;

[TestFixture]
public sealed class BubblewrapCommandLineTests
{
    [Test]
    public void Build_Basic_ReadOnlyRootPrivatePidsAndBinds()
    {
        var words = BubblewrapCommandLine.Build(Invocations.Basic("/cache/app.rootfs") with { Options = ["--unshare-net"] });

        Assert.That(words, Is.EqualTo(new[]
        {
            "bwrap", "--ro-bind", "/cache/app.rootfs", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--bind", "/scratch/7.1", "/scratch/7.1", "--ro-bind", "/data", "/input",
            "--chdir", "/scratch/7.1/run", "--unshare-pid", "--die-with-parent", "--unshare-net",
            "--", "python3", "train.py", "--lr", "0.1",
        }));
    }
}
