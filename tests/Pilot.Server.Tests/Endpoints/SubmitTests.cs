using System.Net;
using System.Text;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

/// <summary>Idempotent submit, request size limits and soft-kill cancel.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class SubmitTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public async Task Submit_SameIdempotencyKeyTwice_ReturnsTheFirstJob()
    {
        var spec = InProcessServer.Spec(name: "once") with { IdempotencyKey = "run-42" };

        var first = await Server.Api.SubmitAsync(spec);
        var second = await Server.Api.SubmitAsync(spec);

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That((await Server.Api.ListJobsAsync()).Jobs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Submit_IdempotencyKeyHeader_Answers201Then200WithTheSameJob()
    {
        using var first = await PostAsync("""{"command":["echo","hi"]}""", ("Idempotency-Key", "header-key"));
        using var second = await PostAsync("""{"command":["echo","hi"]}""", ("Idempotency-Key", "header-key"));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain($"\"id\":{JobIdOf(await first.Content.ReadAsStringAsync())}"));
    }

    [Test]
    public async Task Submit_SameKeyDifferentSpec_Is409()
    {
        await Server.Api.SubmitAsync(InProcessServer.Spec(name: "a") with { IdempotencyKey = "k" });

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.SubmitAsync(InProcessServer.Spec(name: "b") with { IdempotencyKey = "k" }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Content, Does.Contain("use a new key"));
    }

    [Test]
    public async Task Submit_SameKeyOtherUser_IsTheirOwnJob()
    {
        var alice = Server.ApiFor(await Server.CreateTokenAsync(TokenRole.User, "alice"));
        var spec = InProcessServer.Spec() with { IdempotencyKey = "shared" };

        var admins = await Server.Api.SubmitAsync(spec);
        var alices = await alice.SubmitAsync(spec);

        Assert.That(alices.Id, Is.Not.EqualTo(admins.Id));
    }

    [Test]
    public async Task Submit_SpecOverOneMebibyte_Is413()
    {
        var huge = new string('x', (int)Pilot.Server.Endpoints.JobEndpoints.MaxSpecBytes + 1);

        using var response = await PostAsync($$"""{"command":["echo","{{huge}}"]}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("too large"));
    }

    [TestCase("""{"command":["echo"],"after_ok":"7"}""", "after_ok")]
    [TestCase("""{"command":["echo"],"idempotency_key":""}""", "idempotency key")]
    [TestCase("""{"command":["echo"]""", "open JSON object")]
    public async Task Submit_Malformed_Is400NamingTheProblem(string body, string named)
    {
        using var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    [Test]
    public async Task CancelGracefully_RunningJob_HeartbeatOrdersASoftKillWithTheGrace()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var pilot = await PilotDriver.RegisterAsync(Server);
        var lease = await pilot.LeaseOneAsync();

        await Server.Api.CancelGracefullyAsync(job.Id, 45);
        var heartbeat = await pilot.HeartbeatAsync(lease);

        Assert.That(heartbeat.Commands.Single().Kind, Is.EqualTo(PilotCommandKind.SoftKill));
        Assert.That(heartbeat.Commands.Single().GraceSeconds, Is.EqualTo(45));
    }

    [Test]
    public async Task CancelGracefully_NegativeGrace_Is400()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.CancelGracefullyAsync(job.Id, -1));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("grace_seconds"));
    }

    [Test]
    public async Task Report_WithPhases_AttemptShowsThemAfterTheLeasePhase()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var pilot = await PilotDriver.RegisterAsync(Server);
        var lease = await pilot.LeaseOneAsync();
        var t0 = Server.Time.GetUtcNow();
        IReadOnlyList<AttemptPhase> phases =
        [
            new(AttemptPhase.Setup, t0.AddSeconds(1), t0.AddSeconds(3)),
            new(AttemptPhase.Payload, t0.AddSeconds(3), t0.AddSeconds(13)),
            new(AttemptPhase.Report, t0.AddSeconds(13), t0.AddSeconds(13.5)),
        ];

        await pilot.ReportAsync(lease, AttemptOutcome.Succeeded, phases: phases);

        var shown = (await Server.Api.GetAttemptsAsync(job.Id)).Single().Phases!;
        Assert.That(shown.Select(p => p.Name), Is.EqualTo(new[] { "lease", "setup", "payload", "report" }));
        Assert.That(shown.Select(p => p.Duration.TotalSeconds), Is.EqualTo(new[] { 1.0, 2.0, 10.0, 0.5 }));
    }

    private async Task<HttpResponseMessage> PostAsync(string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Server.Http.SendAsync(request);
    }

    private static long JobIdOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();
}
