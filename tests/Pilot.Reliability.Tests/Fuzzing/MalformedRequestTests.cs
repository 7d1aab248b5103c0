using System.Net;
using System.Text;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>The requests the fuzzer found answered with 500 before they were fixed: each is now a 400 naming what was wrong.</summary>
[TestFixture]
[Category("Fuzz")]
public sealed class MalformedRequestTests
{
    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [TestCase("/tokens", """{"name":null,"role":"user"}""", "name", TestName = "Token_WithNullName_Is400")]
    [TestCase("/tokens", """{"role":"user"}""", "name", TestName = "Token_WithoutName_Is400")]
    [TestCase("/jobs", """{"command":["echo"],"queue":null}""", "queue", TestName = "Job_WithNullQueue_Is400")]
    [TestCase("/jobs", """{"command":["echo",null]}""", "command", TestName = "Job_WithNullWordInCommand_Is400")]
    [TestCase("/pilots", """{"hostname":"n","resources":{"cores":1,"memory_mb":1,"gpus":0,"nodes":1},"runtimes":["process"],"queues":null}""", "queues", TestName = "Pilot_WithNullQueues_Is400")]
    public async Task Post_NullWhereTheContractHasNone_Is400NamingTheField(string path, string body, string field)
    {
        using var response = await PostAsync(_server.HttpFor(_server.AdminToken), path, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(field));
    }

    [Test]
    public async Task Report_WithOutcomeRunning_Is400()
    {
        var (job, lease) = await LeaseOneAsync();

        using var response = await PostAsync(_server.HttpFor(_server.PilotToken), $"/leases/{lease.LeaseId}/report", """{"fencing_token":1,"outcome":"running","finished_at":"2026-01-01T00:00:00Z"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("how the attempt ended"));
        Assert.That((await _server.Api.GetJobAsync(job.Id)).State, Is.EqualTo(JobState.Running));
    }

    [Test]
    public async Task Log_AtNegativeOffset_Is400()
    {
        var (job, lease) = await LeaseOneAsync();
        using var chunk = new MemoryStream(Encoding.UTF8.GetBytes("hello\n"));
        await _server.ApiFor(_server.PilotToken).AppendLogAsync(lease.LeaseId, lease.FencingToken, 0, chunk);

        using var response = await _server.Http.GetAsync($"{IPilotApi.Prefix}/jobs/{job.Id}/log?offset=-10");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("negative"));
    }

    private async Task<(JobView Job, LeasedJob Lease)> LeaseOneAsync()
    {
        var job = await _server.Api.SubmitAsync(new JobSpec { Command = ["true"] });
        var pilots = _server.ApiFor(_server.PilotToken);
        var free = new ResourceSet { Cores = 1, MemoryMb = 100, Gpus = 0, Nodes = 1 };
        var pilot = await pilots.RegisterAsync(new PilotRegistration { Hostname = "n", Resources = free, Runtimes = ["process"] });
        return (job, (await pilots.LeaseAsync(pilot.PilotId, new LeaseRequest { Free = free })).Jobs.Single());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(IPilotApi.Prefix + path, new StringContent(json, Encoding.UTF8, "application/json"));
}
