using System.Net;
using Pilot.Contracts;
using Pilot.Server.Storage;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Security;

[TestFixture]
public sealed class TokenTests
{
    private TemporaryDirectory _directory = null!;
    private InProcessServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await InProcessServer.StartAsync(_directory.Path);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public void FirstStart_WritesTheAdminTokenReadableByItsOwnerOnly()
    {
        var mode = File.GetUnixFileMode(PilotServerApp.AdminTokenPath(_directory.Path));

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(_server.AdminToken, Does.StartWith("pilot_").And.Length.GreaterThan(40));
    }

    [Test]
    public async Task Restart_KeepsTheAdminTokenAndDoesNotWriteANewOne()
    {
        var before = _server.AdminToken;
        await _server.DisposeAsync();

        _server = await InProcessServer.StartAsync(_directory.Path);

        Assert.That(_server.AdminToken, Is.EqualTo(before));
        Assert.That((await _server.Api.ListTokensAsync()).Count(t => t.Role == TokenRole.Admin), Is.EqualTo(1));
    }

    [Test]
    public async Task Tokens_AreStoredOnlyAsHashes()
    {
        var secret = await _server.CreateTokenAsync(TokenRole.User, "alice");
        await _server.DisposeAsync();

        var files = Directory.GetFiles(_directory.Path, "pilot.db*").Select(File.ReadAllBytes);
        var text = string.Concat(files.Select(System.Text.Encoding.ASCII.GetString));
        _server = await InProcessServer.StartAsync(_directory.Path);

        Assert.That(text, Does.Not.Contain(secret).And.Not.Contain(_server.AdminToken));
        Assert.That(text, Does.Contain(Pilot.Server.Security.ApiTokenSecret.Hash(secret)));
    }

    [Test]
    public async Task Revoke_RefusesTheTokenFromThenOn()
    {
        var created = await _server.Api.CreateTokenAsync(new TokenRequest("alice", TokenRole.User));
        var alice = _server.ApiFor(created.Secret);
        await alice.ListJobsAsync();

        await _server.Api.RevokeTokenAsync(created.Token.Id);

        var error = Assert.CatchAsync<ApiException>(() => alice.ListJobsAsync());
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _server.Api.ListTokensAsync()).Single(t => t.Id == created.Token.Id).RevokedAt, Is.Not.Null);
    }

    [Test]
    public void Revoke_UnknownId_Is404NamingTheListVerb()
    {
        var error = Assert.CatchAsync<ApiException>(() => _server.Api.RevokeTokenAsync("nope"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("pilot token list"));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Create_EmptyName_Is400(string name)
    {
        var error = Assert.CatchAsync<ApiException>(() => _server.Api.CreateTokenAsync(new TokenRequest(name, TokenRole.User)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("token name"));
    }

    [Test]
    public void Create_NameLongerThanTheLimit_Is400()
    {
        var error = Assert.CatchAsync<ApiException>(() => _server.Api.CreateTokenAsync(new TokenRequest(new string('a', SqlTokenStore.MaxNameLength + 1), TokenRole.User)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
