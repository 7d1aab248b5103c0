using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class PilotOrderTests(StorageBackend backend)
{
    private TemporaryDirectory _directory = null!;
    private InProcessServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await InProcessServer.StartAsync(_directory.Path, backend);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task Drain_ReachesThePilotInItsNextHeartbeatOnce()
    {
        var pilot = await PilotDriver.RegisterAsync(_server);

        var view = await _server.Api.DrainPilotAsync(pilot.PilotId);
        var first = await pilot.HeartbeatAsync();
        var second = await pilot.HeartbeatAsync();

        Assert.That(view.Id, Is.EqualTo(pilot.PilotId));
        Assert.That(first.Commands.Select(c => c.Kind), Is.EqualTo(new[] { PilotCommandKind.Drain }));
        Assert.That(first.Commands[0].Reason, Does.Contain("operator asked this pilot to drain"));
        Assert.That(second.Commands, Is.Empty, "an order is delivered once");
    }

    [Test]
    public async Task Order_SurvivesAServerRestartUntilDelivered()
    {
        var pilot = await PilotDriver.RegisterAsync(_server);
        await _server.Api.ShutdownPilotAsync(pilot.PilotId);

        _server = await _server.RestartAsync();
        var answer = await _server.Api.HeartbeatAsync(pilot.PilotId, new Heartbeat { Leases = [] });

        Assert.That(answer.Commands.Select(c => c.Kind), Is.EqualTo(new[] { PilotCommandKind.Shutdown }));
    }

    [Test]
    public async Task ShutdownAfterDrain_ReplacesIt()
    {
        var pilot = await PilotDriver.RegisterAsync(_server);

        await _server.Api.DrainPilotAsync(pilot.PilotId);
        await _server.Api.ShutdownPilotAsync(pilot.PilotId);
        var answer = await pilot.HeartbeatAsync();

        Assert.That(answer.Commands.Select(c => c.Kind), Is.EqualTo(new[] { PilotCommandKind.Shutdown }));
    }

    [Test]
    public void Drain_UnknownPilot_Is404NamingIt()
    {
        var error = Assert.CatchAsync<ApiException>(() => _server.Api.DrainPilotAsync("no-such-pilot"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("no active pilot no-such-pilot"));
    }

    [TestCase(TokenRole.Pilot)]
    [TestCase(TokenRole.User)]
    public async Task Drain_WithoutAdminRole_IsForbidden(TokenRole role)
    {
        var pilot = await PilotDriver.RegisterAsync(_server);
        var api = _server.ApiFor(await _server.CreateTokenAsync(role, $"someone-{role}"));

        var error = Assert.CatchAsync<ApiException>(() => api.ShutdownPilotAsync(pilot.PilotId));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
