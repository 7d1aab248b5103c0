using System.Collections.Concurrent;
using Pilot.Contracts;

namespace Pilot.Server.Queue;

/// <summary>
/// Drain and shut-down orders an operator gave pilots, handed to each pilot in its next heartbeat's answer. They live in
/// the server's memory: a restart forgets orders not yet delivered (give them again).
/// </summary>
internal sealed class PilotOrders
{
    private readonly ConcurrentDictionary<string, PilotCommand> _pending = new();

    /// <summary>Keeps the latest order for the pilot; a shut-down given after a drain replaces it.</summary>
    public void Give(string pilotId, PilotCommand order) => _pending[pilotId] = order;

    public IReadOnlyList<PilotCommand> Take(string pilotId) => _pending.TryRemove(pilotId, out var order) ? [order] : [];
}
