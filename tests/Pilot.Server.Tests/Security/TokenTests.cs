using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pilot.Contracts;
using Pilot.Server.Storage;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Security;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class TokenTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public void FirstStart_WritesTheAdminTokenReadableByItsOwnerOnly()
    {
        var mode = File.GetUnixFileMode(PilotServerApp.AdminTokenPath(Server.DataDirectory));

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(Server.AdminToken, Does.StartWith("pilot_").And.Length.GreaterThan(40));
    }

    [Test]
    public async Task Restart_KeepsTheAdminTokenAndDoesNotWriteANewOne()
    {
        var before = Server.AdminToken;

        await RestartServerAsync();

        Assert.That(Server.AdminToken, Is.EqualTo(before));
        Assert.That((await Server.Api.ListTokensAsync()).Count(t => t.Role == TokenRole.Admin), Is.EqualTo(1));
    }

    [Test]
    public async Task Tokens_AreStoredOnlyAsHashes()
    {
        var secret = await Server.CreateTokenAsync(TokenRole.User, "alice");

        await using var connection = await Server.Services.GetRequiredService<SqlDialect>().OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync("SELECT * FROM tokens")).Cast<IDictionary<string, object?>>().ToList();
        var stored = string.Join("\n", rows.SelectMany(row => row.Values).Select(value => value?.ToString()));

        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(stored, Does.Not.Contain(secret).And.Not.Contain(Server.AdminToken));
        Assert.That(stored, Does.Contain(Pilot.Server.Security.ApiTokenSecret.Hash(secret)));
    }

    [Test]
    public async Task Revoke_RefusesTheTokenFromThenOn()
    {
        var created = await Server.Api.CreateTokenAsync(new TokenRequest("alice", TokenRole.User));
        var alice = Server.ApiFor(created.Secret);
        await alice.ListJobsAsync();

        await Server.Api.RevokeTokenAsync(created.Token.Id);

        var error = Assert.CatchAsync<ApiException>(() => alice.ListJobsAsync());
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Server.Api.ListTokensAsync()).Single(t => t.Id == created.Token.Id).RevokedAt, Is.Not.Null);
    }

    [Test]
    public void Revoke_UnknownId_Is404NamingTheListVerb()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.RevokeTokenAsync("nope"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("pilot token list"));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Create_EmptyName_Is400(string name)
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.CreateTokenAsync(new TokenRequest(name, TokenRole.User)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("token name"));
    }

    [Test]
    public void Create_NameLongerThanTheLimit_Is400()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.CreateTokenAsync(new TokenRequest(new string('a', SqlTokenStore.MaxNameLength + 1), TokenRole.User)));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
