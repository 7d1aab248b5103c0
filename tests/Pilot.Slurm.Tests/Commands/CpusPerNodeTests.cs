namespace Pilot.Slurm.Tests.Commands;

[TestFixture]
public sealed class CpusPerNodeTests
{
    [TestCase("4", new[] { 4 })]
    [TestCase("4(x2)", new[] { 4, 4 })]
    [TestCase("4(x2),2", new[] { 4, 4, 2 })]
    [TestCase("72(x3),36(x1)", new[] { 72, 72, 72, 36 })]
    public void Parse_SlurmForms_ExpandsPerNode(string text, int[] expected) =>
        Assert.That(CpusPerNode.Parse(text), Is.EqualTo(expected));

    [TestCase("4(x")]
    [TestCase("four")]
    [TestCase("4(xa)")]
    public void Parse_Garbage_Throws(string text) =>
        Assert.Throws<FormatException>(() => CpusPerNode.Parse(text));
}
