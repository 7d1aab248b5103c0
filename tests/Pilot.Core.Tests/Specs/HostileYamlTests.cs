using Pilot.Core.Specs;

namespace Pilot.Core.Tests.Specs;

/// <summary>YAML that is valid but made to hurt the reader: each is refused with a message naming the problem, before it grows.</summary>
[TestFixture]
public sealed class HostileYamlTests
{
    [Test]
    public void Read_AliasBomb_IsRefusedBeforeAnythingExpands()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read(AliasBomb(levels: 5), SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain("anchors and aliases are not accepted"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024 * 1024), "bytes allocated reading a 400-byte spec");
    }

    [Test]
    public void Read_AliasOfAScalar_NamesTheAlias()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("name: &n scan\ncommand: [*n]\n", SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain("'&n'").And.Contain("line 1"));
    }

    [Test]
    public void Read_ComplexKey_SaysKeysMustBeStrings()
    {
        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read("command: [x]\n? [x, y]\n: 1\n", SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain("key that is not a plain name").And.Contain("line 2"));
    }

    [TestCase("[", "]")]
    [TestCase("{a: ", "}")]
    public void Read_DeepNesting_SaysHowDeepIsAllowed(string open, string close)
    {
        const int depth = 20_000;
        var yaml = "command: " + string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));

        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read(yaml, SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain($"nests more than {BoundedYamlParser.MaxDepth} levels deep"));
    }

    [Test]
    public void Read_MoreNodesThanASpecNeeds_IsRefused()
    {
        var yaml = "command: [" + string.Join(",", Enumerable.Repeat("x", BoundedYamlParser.MaxNodes + 1)) + "]";

        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read(yaml, SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain($"more than {BoundedYamlParser.MaxNodes} YAML nodes"));
    }

    [Test]
    public void Read_NestingWithinTheLimit_ReachesTheSpecsOwnChecks()
    {
        var depth = BoundedYamlParser.MaxDepth - 2;
        var yaml = "command: " + new string('[', depth) + "x" + new string(']', depth);

        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read(yaml, SpecFormat.Yaml));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("command[0]"), error.Message);
    }

    [Test]
    public void Read_KeyWithoutValueBeforeASyntaxError_SaysItIsNotValidYaml()
    {
        const string yaml = "name: fuzz\nruntime:\n : type: proce s\n  read_only: true\nqueue: default\n";

        var error = Assert.Throws<JobSpecException>(() => JobSpecReader.Read(yaml, SpecFormat.Yaml));

        Assert.That(error!.Message, Does.Contain("is not valid YAML at line 4"));
    }

    [Test]
    public void Outline_ManifestWithAlias_IsRefused()
    {
        var error = Assert.Throws<FormatException>(() => ManifestReader.Outline("apiVersion: v1\nkind: &k Job\nmetadata: {name: *k}\n"));

        Assert.That(error!.Message, Does.Contain("anchors and aliases are not accepted"));
    }

    /// <summary>Each level is a list of ten aliases of the one before: <paramref name="levels"/> levels expand to 10^levels nodes.</summary>
    public static string AliasBomb(int levels)
    {
        var lines = new List<string> { "command: [x]", "a0: &a0 [" + string.Join(",", Enumerable.Repeat("lol", 10)) + "]" };
        for (var level = 1; level <= levels; level++)
        {
            lines.Add($"a{level}: &a{level} [" + string.Join(",", Enumerable.Repeat($"*a{level - 1}", 10)) + "]");
        }

        lines.Add($"labels: {{k: *a{levels}}}");
        return string.Join('\n', lines);
    }
}
