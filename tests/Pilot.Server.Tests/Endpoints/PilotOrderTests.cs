using System.Net;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class PilotOrderTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public async Task Drain_ReachesThePilotInItsNextHeartbeatOnce()
    {
        var pilot = await PilotDriver.RegisterAsync(Server);

        var view = await Server.Api.DrainPilotAsync(pilot.PilotId);
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
        var pilot = await PilotDriver.RegisterAsync(Server);
        await Server.Api.ShutdownPilotAsync(pilot.PilotId);

        await RestartServerAsync();
        var answer = await Server.Api.HeartbeatAsync(pilot.PilotId, new Heartbeat { Leases = [] });

        Assert.That(answer.Commands.Select(c => c.Kind), Is.EqualTo(new[] { PilotCommandKind.Shutdown }));
    }

    [Test]
    public async Task ShutdownAfterDrain_ReplacesIt()
    {
        var pilot = await PilotDriver.RegisterAsync(Server);

        await Server.Api.DrainPilotAsync(pilot.PilotId);
        await Server.Api.ShutdownPilotAsync(pilot.PilotId);
        var answer = await pilot.HeartbeatAsync();

        Assert.That(answer.Commands.Select(c => c.Kind), Is.EqualTo(new[] { PilotCommandKind.Shutdown }));
    }

    [Test]
    public void Drain_UnknownPilot_Is404NamingIt()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.DrainPilotAsync("no-such-pilot"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("no active pilot no-such-pilot"));
    }

    [TestCase(TokenRole.Pilot)]
    [TestCase(TokenRole.User)]
    public async Task Drain_WithoutAdminRole_IsForbidden(TokenRole role)
    {
        var pilot = await PilotDriver.RegisterAsync(Server);
        var api = Server.ApiFor(await Server.CreateTokenAsync(role, $"someone-{role}"));

        var error = Assert.CatchAsync<ApiException>(() => api.ShutdownPilotAsync(pilot.PilotId));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
