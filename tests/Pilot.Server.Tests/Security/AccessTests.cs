using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Server.Tests.Security;

/// <summary>Who may call what: every API endpoint with no token, a wrong token and each role.</summary>
[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class AccessTests(StorageBackend backend)
{
    private const string Pilot = "pilot";
    private const string User = "user";
    private const string Admin = "admin";

    /// <summary>Every endpoint under /api/v1 with the roles allowed to call it; <see cref="Table_CoversEveryMappedEndpoint"/> keeps it complete.</summary>
    private static readonly (string Method, string Pattern, string Path, string? Body, string[] Allowed)[] Endpoints =
    [
        ("POST", "/api/v1/jobs", "/api/v1/jobs", """{"command":["echo"]}""", [User, Admin]),
        ("GET", "/api/v1/jobs", "/api/v1/jobs", null, [User, Admin]),
        ("GET", "/api/v1/jobs/{id}", "/api/v1/jobs/1", null, [User, Admin]),
        ("POST", "/api/v1/jobs/states", "/api/v1/jobs/states", """{"ids":[1]}""", [User, Admin]),
        ("GET", "/api/v1/jobs/{id}/attempts", "/api/v1/jobs/1/attempts", null, [User, Admin]),
        ("GET", "/api/v1/jobs/{id}/log", "/api/v1/jobs/1/log", null, [User, Admin]),
        ("GET", "/api/v1/jobs/{id}/interactive", "/api/v1/jobs/1/interactive", null, [User, Admin]),
        ("POST", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/1/cancel", null, [User, Admin]),
        ("POST", "/api/v1/jobs/batch", "/api/v1/jobs/batch", """{"template":{"command":["echo"]},"array":{"first":1,"last":2}}""", [User, Admin]),
        ("GET", "/api/v1/groups/{group}", "/api/v1/groups/g1", null, [User, Admin]),
        ("GET", "/api/v1/groups/{group}/entries", "/api/v1/groups/g1/entries", null, [User, Admin]),
        ("POST", "/api/v1/groups/{group}/resubmit", "/api/v1/groups/g1/resubmit", """{"states":["failed"]}""", [User, Admin]),
        ("POST", "/api/v1/groups/{group}/cancel", "/api/v1/groups/g1/cancel", null, [User, Admin]),
        ("POST", "/api/v1/pilots", "/api/v1/pilots", """{"hostname":"n","resources":{"cores":1},"runtimes":["process"]}""", [Pilot, Admin]),
        ("GET", "/api/v1/pilots", "/api/v1/pilots", null, [Admin]),
        ("POST", "/api/v1/pilots/{pilotId}/drain", "/api/v1/pilots/p1/drain", null, [Admin]),
        ("POST", "/api/v1/pilots/{pilotId}/shutdown", "/api/v1/pilots/p1/shutdown", null, [Admin]),
        ("GET", "/api/v1/provisioned", "/api/v1/provisioned", null, [Admin]),
        ("DELETE", "/api/v1/pilots/{pilotId}", "/api/v1/pilots/p1", null, [Pilot, Admin]),
        ("POST", "/api/v1/pilots/{pilotId}/heartbeat", "/api/v1/pilots/p1/heartbeat", """{"leases":[]}""", [Pilot, Admin]),
        ("POST", "/api/v1/pilots/{pilotId}/lease", "/api/v1/pilots/p1/lease", """{"free":{"cores":1}}""", [Pilot, Admin]),
        ("POST", "/api/v1/pilots/{pilotId}/work", "/api/v1/pilots/p1/work", """{"sequence":1,"heartbeat":{"leases":[]}}""", [Pilot, Admin]),
        ("POST", "/api/v1/leases/{leaseId}/report", "/api/v1/leases/l1/report", """{"fencing_token":1,"outcome":"succeeded","finished_at":"2026-01-01T00:00:00Z"}""", [Pilot, Admin]),
        ("POST", "/api/v1/leases/{leaseId}/log", "/api/v1/leases/l1/log?token=1&offset=0", "x", [Pilot, Admin]),
        ("GET", "/api/v1/leases/{leaseId}/tunnel", "/api/v1/leases/l1/tunnel?token=1", null, [Pilot, Admin]),
        ("GET", "/api/v1/leases/{leaseId}/tunnel/{streamId}", "/api/v1/leases/l1/tunnel/s1", null, [Pilot, Admin]),
        ("POST", "/api/v1/tokens", "/api/v1/tokens", """{"name":"x","role":"user"}""", [Admin]),
        ("GET", "/api/v1/tokens", "/api/v1/tokens", null, [Admin]),
        ("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/none", null, [Admin]),
    ];

    private TemporaryDirectory _directory = null!;
    private InProcessServer _server = null!;
    private Dictionary<string, string> _tokens = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _directory = new TemporaryDirectory();
        _server = await InProcessServer.StartAsync(_directory.Path, backend);
        _tokens = new Dictionary<string, string>
        {
            [User] = await _server.CreateTokenAsync(TokenRole.User, "alice"),
            [Pilot] = await _server.CreateTokenAsync(TokenRole.Pilot, "site-a"),
            [Admin] = _server.AdminToken,
        };
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private static IEnumerable<TestCaseData> Cases() =>
        Endpoints.Select(e => new TestCaseData(e.Method, e.Path, e.Body, e.Allowed).SetArgDisplayNames(e.Method, e.Pattern));

    [Test]
    public void Table_CoversEveryMappedEndpoint()
    {
        var mapped = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"));

        Assert.That(mapped, Is.EquivalentTo(Endpoints.Select(e => $"{e.Method} {e.Pattern}")));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Endpoint_WithoutToken_Is401SayingHowToPassOne(string method, string path, string? body, string[] allowed)
    {
        using var response = await SendAsync(null, method, path, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("--token").And.Contain("PILOT_TOKEN"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Endpoint_WithUnknownToken_Is401(string method, string path, string? body, string[] allowed)
    {
        using var response = await SendAsync("pilot_not-a-real-token", method, path, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("unknown or was revoked"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Endpoint_EachRole_IsLetInOnlyWhenAllowed(string method, string path, string? body, string[] allowed)
    {
        foreach (var (role, token) in _tokens)
        {
            using var response = await SendAsync(token, method, path, body);

            if (allowed.Contains(role))
            {
                Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized).And.Not.EqualTo(HttpStatusCode.Forbidden), $"{role} on {method} {path}");
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{role} on {method} {path}");
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"a {role} token may not do this"));
            }
        }
    }

    [Test]
    public async Task Unauthenticated_HealthAndOpenApi_StayOpen()
    {
        using var anonymous = _server.HttpFor(null);

        Assert.That((await anonymous.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync("/openapi/v1.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private Task<HttpResponseMessage> SendAsync(string? token, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = body.StartsWith('{') ? new StringContent(body, System.Text.Encoding.UTF8, "application/json") : new StringContent(body);
        }

        return _server.HttpFor(token).SendAsync(request);
    }
}
