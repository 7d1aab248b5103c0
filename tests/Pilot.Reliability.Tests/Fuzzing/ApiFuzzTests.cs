using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Pilot.Contracts;
using Pilot.Testing;

namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>Thousands of malformed and oversized requests against a real server on loopback: never a 5xx, never a crash.</summary>
[TestFixture]
[Category("Fuzz")]
public sealed class ApiFuzzTests
{
    private const int Seed = 20261123;
    private const int Requests = 10_000;
    private const int Workers = 4;

    /// <summary>The server's request body limit (PilotServerApp.MaxRequestBytes).</summary>
    private const long MaxRequestBytes = 8L * 1024 * 1024;
    private static readonly TimeSpan TimeBound = TimeSpan.FromMinutes(4);

    [Test]
    public async Task Fuzz_TenThousandMalformedRequests_NoServerErrorAndTheServerStaysUp()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));
        var targets = await CreateTargetsAsync(server);

        await FuzzAsync(server, Requests, worker => new ApiFuzzer(Seed + worker, targets).Next);
    }

    [Test]
    public async Task Fuzz_ThreeThousandYamlSpecs_NoServerErrorAndTheServerStaysUp()
    {
        using var directory = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(directory.Sub("server"));

        await FuzzAsync(server, 3_000, worker =>
        {
            var yaml = new YamlBodies(Seed + worker);
            return () =>
            {
                var (contentType, body) = yaml.Next(ApiFuzzer.JobSample());
                return new FuzzRequest("POST", IPilotApi.Prefix + "/jobs", contentType, body, FuzzToken.Admin);
            };
        });
    }

    private static async Task FuzzAsync(PilotServerProcess server, int requests, Func<int, Func<FuzzRequest>> fuzzerFor)
    {
        var clients = new Dictionary<FuzzToken, HttpClient>
        {
            [FuzzToken.Admin] = server.HttpFor(server.AdminToken),
            [FuzzToken.Pilot] = server.HttpFor(server.PilotToken),
            [FuzzToken.Garbage] = server.HttpFor("pilot_" + new string('x', 40)),
            [FuzzToken.None] = server.HttpFor(null),
        };
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        using var bound = new CancellationTokenSource(TimeBound);

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var next = fuzzerFor(worker);
            while (Interlocked.Increment(ref sent) <= requests && !bound.IsCancellationRequested)
            {
                var request = next();
                var status = await SendAsync(clients[request.Token], request, bound.Token);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status is >= 500 or 0)
                {
                    failures.Enqueue($"{status}: {request}");
                }
            }
        })));

        await TestContext.Out.WriteLineAsync("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.That(statuses.Values.Sum(), Is.GreaterThanOrEqualTo(requests), $"all {requests} requests sent within {TimeBound}");
        Assert.That(failures.Take(20), Is.Empty, $"{failures.Count} requests got a server error or no answer");
        Assert.That(server.Process.HasExited, Is.False);
        using var health = await server.Http.GetAsync("/healthz");
        Assert.That(health.IsSuccessStatusCode, Is.True, "the server still answers after the fuzzing");
    }

    /// <summary>The HTTP status, or 0 when the server dropped the connection without answering.</summary>
    private static async Task<int> SendAsync(HttpClient http, FuzzRequest fuzz, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        if (fuzz.ContentType is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType.Length > 0)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType);
            }
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException) when (fuzz.Body.Length > MaxRequestBytes)
        {
            // Kestrel answers 413 and closes the connection while an oversized body is still being sent.
            return 413;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task<FuzzTargets> CreateTargetsAsync(PilotServerProcess server)
    {
        var pilotApi = server.ApiFor(server.PilotToken);
        var pilots = new List<string>();
        var leases = new List<string>();
        var jobs = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            jobs.Add((await server.Api.SubmitAsync(new JobSpec { Name = $"target-{i}", Command = ["true"] })).Id.ToString(CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < 3; i++)
        {
            var pilot = await pilotApi.RegisterAsync(new PilotRegistration
            {
                Hostname = $"fuzz-node-{i}",
                Resources = new ResourceSet { Cores = 2, MemoryMb = 1000, Gpus = 0, Nodes = 1 },
                Runtimes = ["process"],
            });
            pilots.Add(pilot.PilotId);
            var leased = await pilotApi.LeaseAsync(pilot.PilotId, new LeaseRequest { Free = new ResourceSet { Cores = 2, MemoryMb = 1000, Gpus = 0, Nodes = 1 }, MaxJobs = 2 });
            leases.AddRange(leased.Jobs.Select(j => j.LeaseId));
        }

        return new FuzzTargets(jobs, pilots, leases);
    }
}
