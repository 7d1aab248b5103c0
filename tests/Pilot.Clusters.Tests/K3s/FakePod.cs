using System.Text.Json.Nodes;

namespace Pilot.Clusters.Tests.K3s;

/// <summary>A pod as the fake Kubernetes API keeps it.</summary>
internal sealed record FakePod(string Namespace, string Name, string Node, string? OwnerKind)
{
    public int Refusals { get; set; }

    public int ListingsLeft { get; set; }

    public bool Evicted { get; set; }

    public JsonObject ToJson()
    {
        var metadata = new JsonObject { ["name"] = Name, ["namespace"] = Namespace };
        if (OwnerKind is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = OwnerKind, ["name"] = "owner", ["uid"] = "u1" });
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = Node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "x" }) },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };
    }
}
