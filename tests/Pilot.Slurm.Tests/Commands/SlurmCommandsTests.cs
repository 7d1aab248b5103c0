namespace Pilot.Slurm.Tests.Commands;

[TestFixture]
public sealed class SlurmCommandsTests
{
    [Test]
    public void Hostnames_IsScontrolShowHostnames() =>
        Assert.That(SlurmCommands.Hostnames("node[1-2]").ToString(), Is.EqualTo("scontrol show hostnames 'node[1-2]'"));

    [Test]
    public void EndTime_AsksSqueueForTheEndField() =>
        Assert.That(SlurmCommands.EndTime("42").ToString(), Is.EqualTo("squeue -h -j 42 -o %e"));

    [Test]
    public void Submit_IsParsable() =>
        Assert.That(SlurmCommands.Submit("/tmp/p.sbatch").ToString(), Is.EqualTo("sbatch --parsable /tmp/p.sbatch"));

    [Test]
    public void Status_IncludesFinishedJobsWithTheirReason() =>
        Assert.That(SlurmCommands.Status(["1", "2"]).ToString(), Is.EqualTo("squeue -h -t all -j 1,2 -o '%i|%T|%r'"));

    [Test]
    public void StatusByName_FiltersOnTheJobName() =>
        Assert.That(SlurmCommands.StatusByName("pilot-gpu").ToString(), Is.EqualTo("squeue -h -t all -n pilot-gpu -o '%i|%T|%r'"));

    [Test]
    public void Accounting_FromTheCompletionLog_UsesMinusC() =>
        Assert.That(SlurmCommands.Accounting(["7"], completionLog: true).ToString(), Is.EqualTo("sacct -c -n -P -X -j 7 -o JobID,State,ExitCode"));

    [Test]
    public void Signal_ToTheBatchShellOnly() =>
        Assert.That(SlurmCommands.Signal("7", "USR1", batchShellOnly: true).ToString(), Is.EqualTo("scancel --batch --signal=USR1 7"));

    [TestCase(90, "00:02:00")]
    [TestCase(3600, "01:00:00")]
    [TestCase(93784, "1-02:04:00")]
    [TestCase(1, "00:01:00")]
    public void TimeLimit_RoundsUpToWholeMinutes(int seconds, string expected) =>
        Assert.That(SlurmCommands.TimeLimit(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void SlurmTime_LocalTimestamp_GetsTheControllersOffset()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

        var end = SlurmTime.ParseTimestamp("2026-11-23T10:15:50\n", zone);

        Assert.That(end, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 8, 15, 50, TimeSpan.Zero)));
    }

    [TestCase("NONE")]
    [TestCase("Unknown")]
    [TestCase("N/A")]
    [TestCase("")]
    public void SlurmTime_NoLimit_IsNull(string text) =>
        Assert.That(SlurmTime.ParseTimestamp(text, TimeZoneInfo.Utc), Is.Null);
}
