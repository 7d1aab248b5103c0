using Pilot.Agent.WorkFiles;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Agent.Tests.WorkFiles;

[TestFixture]
public sealed class DurableMapTests
{
    private TemporaryDirectory _directory = null!;

    private string FilePath => _directory.Sub("journal.jsonl");

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void Reopened_HoldsWhatWasSetAndNotRemoved()
    {
        using (var map = new DurableMap<RetryPolicy>(FilePath))
        {
            map.Set("a", new RetryPolicy());
            map.Set("b", new RetryPolicy());
            map.Remove("a");
        }

        using var reopened = new DurableMap<RetryPolicy>(FilePath);

        Assert.That(reopened.Entries.Select(e => e.Key), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Reopened_AfterALineTornByACrash_SkipsIt()
    {
        using (var map = new DurableMap<RetryPolicy>(FilePath))
        {
            map.Set("a", new RetryPolicy());
        }

        File.AppendAllText(FilePath, """{"key":"b","val""");

        using var reopened = new DurableMap<RetryPolicy>(FilePath);

        Assert.That(reopened.Entries.Select(e => e.Key), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Remove_OfTheLastEntry_EmptiesTheFile()
    {
        using var map = new DurableMap<RetryPolicy>(FilePath);
        map.Set("a", new RetryPolicy());

        map.Remove("a");

        Assert.That(new FileInfo(FilePath).Length, Is.Zero);
    }

    [Test]
    public void ManyPayloadsWhileOneStaysOpen_TheFileStaysSmall()
    {
        using var map = new DurableMap<RetryPolicy>(FilePath);
        map.Set("long-running", new RetryPolicy());

        for (var i = 0; i < 10_000; i++)
        {
            map.Set($"short-{i}", new RetryPolicy());
            map.Remove($"short-{i}");
        }

        Assert.That(File.ReadLines(FilePath).Count(), Is.LessThanOrEqualTo(1_010));
        using var reopened = new DurableMap<RetryPolicy>(FilePath);
        Assert.That(reopened.Entries.Select(e => e.Key), Is.EqualTo(new[] { "long-running" }));
    }
}
