using Pilot.Testing;

namespace Pilot.Slurm.Tests.Commands;

[TestFixture]
public sealed class HostlistTests
{
    // Recorded from `scontrol show hostnames LIST` on Slurm 22.05.
    private static readonly object[] Recorded =
    [
        new object[] { "node[01-03,07],gpu5", new[] { "node01", "node02", "node03", "node07", "gpu5" } },
        new object[] { "rack[1-2]-n[08-10]", new[] { "rack1-n08", "rack1-n09", "rack1-n10", "rack2-n08", "rack2-n09", "rack2-n10" } },
        new object[] { "a[9-11]", new[] { "a9", "a10", "a11" } },
        new object[] { "vm", new[] { "vm" } },
    ];

    [TestCaseSource(nameof(Recorded))]
    public void Expand_RecordedScontrolOutput_Matches(string list, string[] scontrol) =>
        Assert.That(Hostlist.Expand(list), Is.EqualTo(scontrol));

    [TestCase("node[01-03")]
    [TestCase("node01]")]
    [TestCase("node[3-1]")]
    [TestCase("node[a-b]")]
    [TestCase("node[1-2-3]")]
    [TestCase("node01,,node02")]
    [TestCase("node[[1]]")]
    public void Expand_MalformedList_ThrowsNamingTheList(string list)
    {
        var error = Assert.Throws<FormatException>(() => Hostlist.Expand(list));

        Assert.That(error!.Message, Does.Contain(list));
    }

    [TestCaseSource(nameof(Recorded))]
    [Category("Slurm")]
    public async Task Expand_AgreesWithTheRealScontrol(string list, string[] recorded)
    {
        Requirements.Command("scontrol");

        var output = await new SlurmCli().RunAsync(SlurmCommands.Hostnames(list), CancellationToken.None);

        var real = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(Hostlist.Expand(list), Is.EqualTo(real));
        Assert.That(real, Is.EqualTo(recorded));
    }
}
