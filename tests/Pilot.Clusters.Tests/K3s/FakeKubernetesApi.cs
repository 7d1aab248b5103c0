using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pilot.Clusters.Tests.K3s;

/// <summary>
/// The Kubernetes API endpoints a node drain uses, speaking Kubernetes JSON on a loopback port: patch node, list pods
/// by node, the eviction subresource (refusing with 429 while a PodDisruptionBudget forbids it), delete node.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakePod> _pods = new();

    private FakeKubernetesApi(WebApplication app) => _app = app;

    /// <summary>Every request as <c>METHOD path?query</c>, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> PatchBodies { get; } = new();

    public string Url => _app.Urls.First();

    public IKubernetes Client() => new Kubernetes(new KubernetesClientConfiguration { Host = Url });

    /// <param name="refusals">How many evictions a PodDisruptionBudget refuses with 429; -1 refuses for ever.</param>
    /// <param name="listedAfterEviction">How many more pod listings still show the pod after its eviction (its grace period).</param>
    public void AddPod(string ns, string name, string node, string? ownerKind = null, int refusals = 0, int listedAfterEviction = 0) =>
        _pods[$"{ns}/{name}"] = new FakePod(ns, name, node, ownerKind) { Refusals = refusals, ListingsLeft = listedAfterEviction };

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeKubernetesApi(app);
        app.Use(async (context, next) =>
        {
            fake.Calls.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapMethods("/api/v1/nodes/{name}", ["PATCH"], fake.PatchNodeAsync);
        app.MapGet("/api/v1/pods", fake.ListPods);
        app.MapPost("/api/v1/namespaces/{ns}/pods/{name}/eviction", fake.Evict);
        app.MapDelete("/api/v1/nodes/{name}", (string name) => Json(new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success", ["details"] = new JsonObject { ["name"] = name } }));
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> PatchNodeAsync(string name, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        PatchBodies.Enqueue($"{request.ContentType} {await reader.ReadToEndAsync()}");
        return Json(new JsonObject { ["kind"] = "Node", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["unschedulable"] = true } });
    }

    private IResult ListPods(string? fieldSelector)
    {
        var node = fieldSelector?.Replace("spec.nodeName=", "", StringComparison.Ordinal);
        var items = new JsonArray();
        foreach (var pod in _pods.Values.Where(p => p.Node == node).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (pod.Evicted && pod.ListingsLeft-- <= 0)
            {
                _pods.TryRemove($"{pod.Namespace}/{pod.Name}", out _);
                continue;
            }

            items.Add(pod.ToJson());
        }

        return Json(new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["items"] = items });
    }

    private IResult Evict(string ns, string name)
    {
        if (!_pods.TryGetValue($"{ns}/{name}", out var pod))
        {
            return Json(Status(404, "NotFound", $"pods \"{name}\" not found"), 404);
        }

        if (pod.Refusals != 0)
        {
            pod.Refusals--;
            return Json(Status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget."), 429);
        }

        pod.Evicted = true;
        if (pod.ListingsLeft == 0)
        {
            _pods.TryRemove($"{ns}/{name}", out _);
        }

        return Json(new JsonObject { ["kind"] = "Eviction", ["apiVersion"] = "policy/v1", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } }, 201);
    }

    private static JsonObject Status(int code, string reason, string message) =>
        new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["code"] = code, ["reason"] = reason, ["message"] = message };

    private static IResult Json(JsonObject body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);
}
