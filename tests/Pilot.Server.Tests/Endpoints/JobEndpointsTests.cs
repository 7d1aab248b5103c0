using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pilot.Contracts;
using Pilot.Testing;
using Refit;

namespace Pilot.Server.Tests.Endpoints;

[TestFixture(StorageBackend.Sqlite)]
[TestFixture(StorageBackend.PostgreSql, Category = "PostgreSQL")]
public sealed class JobEndpointsTests(StorageBackend backend) : InProcessServerTest(backend)
{
    [Test]
    public async Task Submit_ValidSpec_IsQueuedWithItsSpec()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec(cores: 2, name: "fit"));

        Assert.That(job.State, Is.EqualTo(JobState.Queued));
        Assert.That(job.Spec.Resources.Cores, Is.EqualTo(2));
        Assert.That((await Server.Api.GetJobAsync(job.Id)).Name, Is.EqualTo("fit"));
    }

    [Test]
    public async Task Submit_Yaml_IsAccepted()
    {
        using var content = new StringContent("command: [echo, hi]\nresources:\n  cores: 3\n", Encoding.UTF8, "application/yaml");

        using var response = await Server.Http.PostAsync("/api/v1/jobs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var job = await response.Content.ReadFromJsonAsync<JobView>(PilotJson.Options);
        Assert.That(job!.Spec.Resources.Cores, Is.EqualTo(3));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/jobs/{job.Id}"));
    }

    [TestCase("{\"command\": [\"x\"], ", "spec")]
    [TestCase("{\"command\": [\"x\"], \"colour\": \"blue\"}", "colour")]
    [TestCase("{\"command\": [\"x\"], \"resources\": {\"cores\": -2}}", "resources.cores")]
    [TestCase("{\"command\": []}", "command")]
    [TestCase("{\"command\": [\"x\"], \"runtime\": {\"type\": \"docker\"}}", "runtime.type")]
    public async Task Submit_BadSpec_Is400ProblemNamingTheField(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await Server.Http.PostAsync("/api/v1/jobs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("Invalid job spec"));
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain(field));
    }

    [TestCase("command: [x]\na0: &a0 [lol, lol]\na1: &a1 [*a0, *a0]\nlabels: {k: *a1}\n", "anchors and aliases are not accepted")]
    [TestCase("command: [x]\n? [x, y]\n: 1\n", "key that is not a plain name")]
    [TestCase(null, "nests more than 64 levels deep")]
    public async Task Submit_HostileYaml_Is400ProblemNamingTheProblem(string? body, string problem)
    {
        body ??= "command: " + new string('[', 20_000) + "x" + new string(']', 20_000);
        using var content = new StringContent(body, Encoding.UTF8, "application/yaml");

        using var response = await Server.Http.PostAsync("/api/v1/jobs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(document.RootElement.GetProperty("detail").GetString(), Does.Contain(problem));
    }

    [Test]
    public async Task GetJob_Unknown_Is404SayingHowToFindJobs()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.GetJobAsync(4242));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Content, Does.Contain("job 4242 does not exist").And.Contain("pilot jobs"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ListJobs_PagesNewestFirstAndFiltersByState()
    {
        for (var i = 0; i < 5; i++)
        {
            await Server.Api.SubmitAsync(InProcessServer.Spec(name: $"j{i}"));
        }

        var first = await Server.Api.ListJobsAsync(limit: 3);
        var second = await Server.Api.ListJobsAsync(limit: 3, before: first.NextBefore);

        Assert.That(first.Jobs.Select(j => j.Name), Is.EqualTo(new[] { "j4", "j3", "j2" }));
        Assert.That(second.Jobs.Select(j => j.Name), Is.EqualTo(new[] { "j1", "j0" }));
        Assert.That(second.NextBefore, Is.Null);
        Assert.That((await Server.Api.ListJobsAsync(state: "running")).Jobs, Is.Empty);
    }

    [Test]
    public void ListJobs_UnknownState_Is400ListingTheStates()
    {
        var error = Assert.CatchAsync<ApiException>(() => Server.Api.ListJobsAsync(state: "sleeping"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Content, Does.Contain("queued, running, succeeded, failed, cancelled"));
    }

    [Test]
    public async Task Cancel_QueuedJob_NeverRuns()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        var pilot = await Server.RegisterPilotAsync();

        var cancelled = await Server.Api.CancelAsync(job.Id);
        var leased = await Server.Api.LeaseAsync(pilot.PilotId, new LeaseRequest { Free = new ResourceSet { Cores = 4, MemoryMb = 8192 }, MaxJobs = 5 });

        Assert.That(cancelled.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(leased.Jobs, Is.Empty);
    }

    [Test]
    public async Task Cancel_FinishedJob_Is409()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec());
        await Server.Api.CancelAsync(job.Id);

        var error = Assert.CatchAsync<ApiException>(() => Server.Api.CancelAsync(job.Id));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Content, Does.Contain("already ended as cancelled"));
    }

    [Test]
    public async Task Restart_KeepsQueuedJobs()
    {
        var job = await Server.Api.SubmitAsync(InProcessServer.Spec(name: "durable"));

        await RestartServerAsync();

        var again = await Server.Api.GetJobAsync(job.Id);
        Assert.That(again.Name, Is.EqualTo("durable"));
        Assert.That(again.State, Is.EqualTo(JobState.Queued));
    }
}
