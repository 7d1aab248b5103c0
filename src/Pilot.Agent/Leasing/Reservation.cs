namespace Pilot.Agent.Leasing;

/// <summary>Where one payload runs: the nodes it holds a share of (by index and name) and the GPUs of this pilot's own node it holds.</summary>
/// <param name="Nodes">Indices into the pilot's nodes; index 0 is the pilot's own node.</param>
internal sealed record Reservation(IReadOnlyList<int> Nodes, IReadOnlyList<string> NodeNames, IReadOnlyList<int> Gpus)
{
    /// <summary>True when the payload runs on the pilot's own node alone.</summary>
    public bool OwnNodeOnly => Nodes is [0];
}
