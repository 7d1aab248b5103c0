using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary><c>pilot token</c> against a real server: an admin makes a user token, the user works with it, the admin revokes it.</summary>
[TestFixture]
[Category("E2E")]
public sealed class TokenCliTests
{
    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task TokenCreate_UserToken_SubmitsOwnJobsUntilRevoked()
    {
        var (created, secret) = await PilotAsync(_server.CliArguments("token", "create", "--role", "user", "--name", "carol"));
        var carolToken = secret.Trim().Split('\n')[^1];

        var (submitted, _) = await PilotAsync(["--server", _server.Url, "--token", carolToken, "submit", "--name", "mine", "--", "echo", "hi"]);
        var (listedAdmin, tokens) = await PilotAsync(_server.CliArguments("token", "list", "--output", "json"));
        var id = System.Text.Json.JsonDocument.Parse(tokens).RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "carol").GetProperty("id").GetString()!;
        var (revoked, _) = await PilotAsync(_server.CliArguments("token", "revoke", id));
        var (refused, refusal) = await PilotAsync(["--server", _server.Url, "--token", carolToken, "jobs"]);

        Assert.That(created, Is.Zero);
        Assert.That(carolToken, Does.StartWith("pilot_"));
        Assert.That(submitted, Is.Zero);
        Assert.That(listedAdmin, Is.Zero);
        Assert.That(tokens, Does.Not.Contain(carolToken), "secrets are never listed");
        Assert.That(revoked, Is.Zero);
        Assert.That(refused, Is.EqualTo(1));
        Assert.That(refusal, Does.Contain("unknown or was revoked"));
        Assert.That((await _server.Api.ListJobsAsync()).Jobs.Single().Owner, Is.EqualTo("carol"));
    }

    [Test]
    public async Task Jobs_WithoutToken_SaysHowToPassOne()
    {
        var (code, output) = await PilotAsync(["--server", _server.Url, "jobs"]);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--token").And.Contain("PILOT_TOKEN").And.Not.Contain("   at "));
    }

    private static async Task<(int Code, string Output)> PilotAsync(string[] arguments)
    {
        await using var process = PilotProcess.Start(arguments, new Dictionary<string, string> { ["PILOT_TOKEN"] = "" });
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, process.Output);
    }
}
