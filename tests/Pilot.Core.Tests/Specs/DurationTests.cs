using Pilot.Contracts;

namespace Pilot.Core.Tests.Specs;

[TestFixture]
public sealed class DurationTests
{
    [TestCase("90", 90)]
    [TestCase("30s", 30)]
    [TestCase("15m", 900)]
    [TestCase("2h", 7200)]
    [TestCase("1d", 86400)]
    [TestCase("05:00", 300)]
    [TestCase("01:30:00", 5400)]
    [TestCase("1-00:00:00", 86400)]
    [TestCase("2-12", 216000)]
    [TestCase("1-01:30", 91800)]
    public void TryParse_FormsPeopleWrite_AreRead(string text, int seconds)
    {
        Assert.That(Duration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-5")]
    [TestCase("1:2:3:4")]
    [TestCase("10x")]
    public void TryParse_Nonsense_IsRefused(string text) =>
        Assert.That(Duration.TryParse(text, out _), Is.False);

    [Test]
    public void Format_IsSlurmStyle() =>
        Assert.That(Duration.Format(TimeSpan.FromSeconds(93784)), Is.EqualTo("1-02:03:04"));
}
