using Pilot.Core.Sweeps;

namespace Pilot.Core.Tests.Sweeps;

[TestFixture]
public sealed class SweepTests
{
    [Test]
    public void Points_TwoParameters_OneJobPerCombination_FirstVariesSlowest()
    {
        var sweep = Sweep.Parse(["lr=0.1,0.01", "batch=32,64"]);

        var points = sweep.Points().Select(p => $"{p["lr"]}/{p["batch"]}").ToList();

        Assert.That(sweep.Count, Is.EqualTo(4));
        Assert.That(points, Is.EqualTo(new[] { "0.1/32", "0.1/64", "0.01/32", "0.01/64" }));
    }

    [Test]
    public void Parse_RepeatedValue_CountsOnce()
    {
        Assert.That(Sweep.Parse(["seed=1,1,2"]).Count, Is.EqualTo(2));
    }

    [TestCase("lr")]
    [TestCase("=1,2")]
    [TestCase("lr=")]
    [TestCase("l r=1")]
    public void Parse_Malformed_SaysWhatItShouldLookLike(string definition)
    {
        var error = Assert.Throws<ArgumentException>(() => Sweep.Parse([definition]));

        Assert.That(error!.Message, Does.Contain("NAME=VALUE1,VALUE2"));
    }

    [Test]
    public void Parse_SameParameterTwice_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Sweep.Parse(["lr=1", "lr=2"]));

        Assert.That(error!.Message, Does.Contain("given twice"));
    }

    [Test]
    public void Parse_TooManyCombinations_IsRefusedWithTheCount()
    {
        var hundred = string.Join(',', Enumerable.Range(0, 100));

        var error = Assert.Throws<ArgumentException>(() => Sweep.Parse([$"a={hundred}", $"b={hundred}", "c=1,2"]));

        Assert.That(error!.Message, Does.Contain("20000 combinations"));
    }

    [Test]
    public void NameOf_ListsThePointsValues()
    {
        var point = Sweep.Parse(["lr=0.1", "batch=32"]).Points().Single();

        Assert.That(Sweep.NameOf("train", point), Is.EqualTo("train[lr=0.1,batch=32]"));
    }
}
