using System.Net;
using System.Net.Http.Json;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>The web page's data is open by default and needs a token, showing only the caller's jobs, when a site says so.</summary>
[TestFixture]
public sealed class WebPageAccessTests
{
    private TemporaryDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task OpenPage_WithoutAToken_ServesThePageAndEveryonesJobs()
    {
        await using var server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        await server.Api.SubmitAsync(new JobSpec { Name = "admins-job", Command = ["true"] });
        var anonymous = server.HttpFor(null);

        var page = await anonymous.GetStringAsync("/ui");
        var jobs = await anonymous.GetFromJsonAsync<List<JobView>>("/ui/data/jobs", PilotJson.Options);
        var metrics = await anonymous.GetAsync("/metrics");

        Assert.That(page, Does.Contain("<title>Pilot</title>"));
        Assert.That(jobs!.Select(j => j.Name), Is.EqualTo(new[] { "admins-job" }));
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TokenPage_ForAUser_ShowsOnlyTheirJobsAndRefusesNoToken()
    {
        await using var server = await PilotServerProcess.StartAsync(
            _directory.Sub("server"), environment: new Dictionary<string, string> { ["Pilot__Monitoring__WebPageAccess"] = "Token" });
        await server.Api.SubmitAsync(new JobSpec { Name = "admins-job", Command = ["true"] });
        var alice = await server.CreateTokenAsync(TokenRole.User, "alice");
        await server.ApiFor(alice).SubmitAsync(new JobSpec { Name = "alices-job", Command = ["true"] });

        var anonymous = await server.HttpFor(null).GetAsync("/ui/data/jobs");
        var page = await server.HttpFor(null).GetAsync("/ui");
        var jobs = await server.HttpFor(alice).GetFromJsonAsync<List<JobView>>("/ui/data/jobs", PilotJson.Options);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page itself asks for the token");
        Assert.That(jobs!.Select(j => j.Name), Is.EqualTo(new[] { "alices-job" }));
    }
}
