using System.Text.RegularExpressions;
using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary><c>pilot ... --help</c> is seen on screens, in screen shares and in CI logs: it never shows a secret.</summary>
[TestFixture]
[Category("E2E")]
public sealed partial class CliHelpTests
{
    private const string Secret = "pilot_SECRETSECRETSECRET";

    private static readonly Dictionary<string, string> SecretEnvironment = new()
    {
        ["PILOT_TOKEN"] = Secret,
        ["PILOT_SERVER"] = "http://" + Secret + ":8080",
    };

    [Test]
    public async Task Help_OfEveryVerb_SaysWhereTheTokenComesFromWithoutShowingIt()
    {
        var verbs = await VerbsAsync([]);
        Assert.That(verbs, Does.Contain("submit").And.Contain("agent").And.Contain("token"));

        foreach (var verb in verbs)
        {
            var help = await HelpAsync([verb]);

            Assert.That(help, Does.Not.Contain("SECRETSECRET"), $"pilot {verb} --help");
            Assert.That(help, Does.Contain("--token").And.Contain("$PILOT_TOKEN"), $"pilot {verb} --help");
            foreach (var subverb in await VerbsAsync([verb]))
            {
                Assert.That(await HelpAsync([verb, subverb]), Does.Not.Contain("SECRETSECRET"), $"pilot {verb} {subverb} --help");
            }
        }
    }

    [Test]
    public async Task ServerAndTokenFromTheEnvironment_AreStillUsed()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        await using var process = PilotProcess.Start(
            ["jobs"],
            new Dictionary<string, string> { ["PILOT_SERVER"] = server.Url, ["PILOT_TOKEN"] = server.AdminToken });

        Assert.That(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.Zero, process.Output);
    }

    private static async Task<string> HelpAsync(string[] verbs)
    {
        await using var process = PilotProcess.Start([.. verbs, "--help"], SecretEnvironment);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return process.Output;
    }

    /// <summary>The names under "Commands:" in a command's help.</summary>
    private static async Task<string[]> VerbsAsync(string[] verbs)
    {
        var help = await HelpAsync(verbs);
        var commands = help.IndexOf("Commands:", StringComparison.Ordinal);
        return commands < 0
            ? []
            : [.. VerbLine().Matches(help[commands..]).Select(m => m.Groups["verb"].Value)];
    }

    [GeneratedRegex(@"^  (?<verb>[a-z][a-z-]*)\b", RegexOptions.Multiline)]
    private static partial Regex VerbLine();
}
