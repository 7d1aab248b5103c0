using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pilot.Contracts;

namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>
/// Generates malformed and oversized requests for every route of the API from a seed: bad JSON, wrong types, huge
/// strings and numbers, unknown fields, bad ids and paths, wrong verbs and content types, wrong or missing tokens,
/// and job specs as broken or hostile YAML.
/// </summary>
internal sealed class ApiFuzzer(int seed, FuzzTargets targets)
{
    private const string Api = IPilotApi.Prefix;

    private static readonly (string Method, string Path, string? Body)[] Routes =
    [
        ("POST", "/jobs", "job"), ("GET", "/jobs", null), ("GET", "/jobs/{job}", null), ("GET", "/jobs/{job}/attempts", null),
        ("GET", "/jobs/{job}/log", null), ("POST", "/jobs/{job}/cancel", null), ("POST", "/pilots", "registration"),
        ("GET", "/pilots", null), ("DELETE", "/pilots/{pilot}", null), ("POST", "/pilots/{pilot}/heartbeat", "heartbeat"),
        ("POST", "/pilots/{pilot}/lease", "lease"), ("POST", "/leases/{lease}/report", "report"), ("POST", "/leases/{lease}/log", "log"),
        ("POST", "/tokens", "token"), ("GET", "/tokens", null), ("DELETE", "/tokens/{job}", null),
        ("POST", "/pilots/{pilot}/drain", null), ("POST", "/pilots/{pilot}/shutdown", null), ("GET", "/provisioned", null),
        ("GET", "/groups/{job}", null), ("POST", "/groups/{job}/cancel", null), ("GET", "/groups/{job}/entries", null),
        ("POST", "/groups/{job}/resubmit", "resubmission"), ("POST", "/jobs/batch", "batch"), ("POST", "/pilots/{pilot}/work", "work"),
    ];

    private static readonly string[] Verbs = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] JunkIds =
    [
        "-1", "0", "9223372036854775807", "99999999999999999999999", "abc", "%00", "..%2F..%2Fetc%2Fpasswd", "%ZZ", "ü", "1e3",
        "null", " ", "%20", "1;DROP TABLE jobs", "'", "\"", "{}", "0x10",
    ];

    private static readonly string[] Queries =
    [
        "", "", "", "?limit=0", "?limit=-1", "?limit=abc", "?limit=99999999999", "?state=nonsense", "?state=queued&limit=1",
        "?before=-5", "?offset=-10", "?offset=99999999999999", "?offset=abc", "?token=1&offset=0", "?token=-1&offset=-1",
        "?token=abc&offset=0", "?token=1&offset=1000000", "?state=%00", "?node_broken=maybe", "?node_broken=true&reason=%00%FF",
    ];

    private static readonly Dictionary<string, JsonNode> Samples = new()
    {
        ["job"] = Sample(new JobSpec { Name = "fuzz", Command = ["echo", "hi"], Resources = new ResourceRequest { Cores = 1, MemoryMb = 10 } }),
        ["registration"] = Sample(new PilotRegistration { Hostname = "fuzz", Resources = new ResourceSet { Cores = 1, MemoryMb = 100, Gpus = 0, Nodes = 1 }, Runtimes = ["process"] }),
        ["heartbeat"] = Sample(new Heartbeat { Leases = [new LeaseRef("x", 1)], Free = new ResourceSet { Cores = 1, MemoryMb = 1, Gpus = 0, Nodes = 1 } }),
        ["lease"] = Sample(new LeaseRequest
        {
            Free = new ResourceSet { Cores = 2, MemoryMb = 100, Gpus = 0, Nodes = 2 },
            FreeNodes = [new ResourceSet { Cores = 1, MemoryMb = 50 }, new ResourceSet { Cores = 1, MemoryMb = 50 }],
            MaxJobs = 1,
            WaitSeconds = 0,
        }),
        ["report"] = Sample(new AttemptReport { FencingToken = 1, Outcome = AttemptOutcome.Succeeded, ExitCode = 0, FinishedAt = DateTimeOffset.UnixEpoch }),
        ["token"] = Sample(new TokenRequest("fuzz", TokenRole.User)),
        ["batch"] = Sample(new JobBatch { Template = new JobSpec { Command = ["echo"] }, Array = new ArrayRange(1, 3) }),
        ["resubmission"] = Sample(new Resubmission([JobState.Failed])),
        ["work"] = Sample(new WorkRequest
        {
            Sequence = 1,
            Reports = [new LeaseReport("x", new AttemptReport { FencingToken = 1, Outcome = AttemptOutcome.Succeeded, FinishedAt = DateTimeOffset.UnixEpoch })],
            Heartbeat = new Heartbeat { Leases = [new LeaseRef("x", 1)] },
            Lease = new LeaseRequest { Free = new ResourceSet { Cores = 1, MemoryMb = 100, Gpus = 0, Nodes = 1 }, MaxJobs = 1 },
        }),
    };

    private readonly Random _random = new(seed);
    private readonly YamlBodies _yaml = new(seed);

    public FuzzRequest Next()
    {
        var (method, template, kind) = Routes[_random.Next(Routes.Length)];
        if (Chance(0.05))
        {
            method = Pick(Verbs);
        }

        var path = Api + template.Replace("{job}", Id(targets.JobIds)).Replace("{pilot}", Id(targets.PilotIds)).Replace("{lease}", Id(targets.LeaseIds)) + Pick(Queries);
        if (Chance(0.03))
        {
            path = Api + "/" + new string('a', _random.Next(1, 20_000));
        }

        var (contentType, body) = kind switch
        {
            null => Chance(0.1) ? ("application/json", Bytes(Mutate(JsonValue.Create("x")))) : (null, []),
            "job" when Chance(0.3) => _yaml.Next(Mutate(JobSample())),
            "log" => ("application/octet-stream", Chance(0.5) ? RandomBytes(_random.Next(0, 5000)) : Encoding.UTF8.GetBytes(HugeString(100_000))),
            _ => Body(Samples[kind]),
        };
        return new FuzzRequest(method, path, contentType, body, Token());
    }

    public static JsonNode JobSample() => Samples["job"].DeepClone();

    private static JsonNode Sample<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, PilotJson.Options))!;

    private (string ContentType, byte[] Body) Body(JsonNode sample)
    {
        var contentType = Chance(0.9) ? "application/json" : Pick(["text/plain", "application/yaml", "application/xml", "multipart/form-data", ""]);
        var roll = _random.NextDouble();
        if (roll < 0.05)
        {
            return (contentType, RandomBytes(_random.Next(0, 2000)));
        }

        if (roll < 0.10)
        {
            var text = Bytes(sample);
            return (contentType, text[.._random.Next(text.Length)]);
        }

        if (roll < 0.12)
        {
            return (contentType, Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        }

        if (roll < 0.125)
        {
            return (contentType, Encoding.UTF8.GetBytes($"{{\"name\":\"{HugeString(9 * 1024 * 1024)}\"}}"));
        }

        var tree = sample.DeepClone();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            tree = Mutate(tree);
        }

        return (contentType, Bytes(tree));
    }

    /// <summary>Replaces one node somewhere in the tree with a value of a wrong type, size or shape.</summary>
    private JsonNode Mutate(JsonNode node)
    {
        if (node is JsonObject obj && obj.Count > 0 && Chance(0.7))
        {
            var key = obj.ElementAt(_random.Next(obj.Count)).Key;
            if (Chance(0.15))
            {
                obj.Remove(key);
            }
            else
            {
                Replace(obj[key], mutated => obj[key] = mutated);
            }

            if (Chance(0.1))
            {
                obj["unknown_" + _random.Next(100)] = Junk();
            }

            return obj;
        }

        if (node is JsonArray array && array.Count > 0 && Chance(0.5))
        {
            var index = _random.Next(array.Count);
            Replace(array[index], mutated => array[index] = mutated);
            return array;
        }

        return Junk();
    }

    /// <summary>Mutates <paramref name="child"/> in place, or puts what replaces it where it was.</summary>
    private void Replace(JsonNode? child, Action<JsonNode> put)
    {
        var mutated = Mutate(child ?? Junk());
        if (!ReferenceEquals(mutated, child))
        {
            put(mutated);
        }
    }

    private JsonNode Junk() => _random.Next(16) switch
    {
        0 => JsonValue.Create(HugeString(_random.Next(1, 200_000))),
        1 => JsonValue.Create(long.MaxValue),
        2 => JsonValue.Create(long.MinValue),
        3 => JsonValue.Create(-1),
        4 => JsonValue.Create(1e308),
        5 => JsonValue.Create(true),
        6 => new JsonArray(JsonValue.Create(1), JsonValue.Create("x"), null),
        7 => new JsonObject { ["a"] = JsonValue.Create(1) },
        8 => JsonValue.Create(""),
        9 => JsonValue.Create("\u0000\uFFFF\uD83D"),
        10 => JsonValue.Create(int.MaxValue),
        11 => JsonValue.Create(0.5),
        12 => JsonValue.Create("running"),
        13 => JsonValue.Create("9999-12-31T23:59:59Z"),
        14 => JsonValue.Create("-1"),
        _ => null!,
    };

    private string Id(IReadOnlyList<string> live) => live.Count > 0 && Chance(0.5) ? live[_random.Next(live.Count)] : Pick(JunkIds);

    private FuzzToken Token() => _random.Next(20) switch
    {
        < 10 => FuzzToken.Admin,
        < 15 => FuzzToken.Pilot,
        < 18 => FuzzToken.Garbage,
        _ => FuzzToken.None,
    };

    private string HugeString(int length) => new((char)('a' + _random.Next(26)), length);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    private bool Chance(double p) => _random.NextDouble() < p;

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
