using System.Text.RegularExpressions;
using Pilot.Testing;

namespace Pilot.NativeAgent.Tests;

/// <summary><c>pilot-agent</c> takes the options of <c>pilot agent</c> and checks them as it does, without reflection.</summary>
[TestFixture]
[Category("E2E")]
public sealed partial class NativeAgentOptionsTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Help_ListsEveryOptionOfPilotAgent()
    {
        var native = await OutputOfAsync(PilotProcess.StartProgram(Executables.NativeAgent, ["--help"]));
        var managed = await OutputOfAsync(PilotProcess.Start(["agent", "--help"]));

        // --output is the client verbs' table-or-json switch; the agent prints none.
        Assert.That(OptionNames(native), Is.SupersetOf(OptionNames(managed).Except(["--output"])));
    }

    [Test]
    public async Task DurationOutOfRange_StopsStartNamingTheSettingAndItsBounds()
    {
        using var directory = new TemporaryDirectory();
        await using var agent = PilotProcess.StartProgram(Executables.NativeAgent, ["--server", "http://127.0.0.1:9", "--work-dir", directory.Sub("agent"), "--grace", "2h"]);

        var exitCode = await agent.WaitForExitAsync(ExitTimeout);

        Assert.That(exitCode, Is.EqualTo(2), agent.Output);
        Assert.That(agent.Output, Does.Contain("GracePeriod").And.Contain("between 00:00:00 and 01:00:00"));
    }

    [Test]
    public async Task ServerThatIsNoUrl_StopsStartSayingWhatToSet()
    {
        using var directory = new TemporaryDirectory();
        await using var agent = PilotProcess.StartProgram(Executables.NativeAgent, ["--server", "not a url", "--work-dir", directory.Sub("agent")]);

        var exitCode = await agent.WaitForExitAsync(ExitTimeout);

        Assert.That(exitCode, Is.EqualTo(2), agent.Output);
        Assert.That(agent.Output, Does.Contain("invalid configuration").And.Contain("Server"));
    }

    private static async Task<string> OutputOfAsync(PilotProcess process)
    {
        await using (process)
        {
            Assert.That(await process.WaitForExitAsync(ExitTimeout), Is.Zero, process.Output);
            return process.Output;
        }
    }

    private static HashSet<string> OptionNames(string help) => OptionName().Matches(help).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"(?<=\s)--[a-z][a-z-]*")]
    private static partial Regex OptionName();
}
