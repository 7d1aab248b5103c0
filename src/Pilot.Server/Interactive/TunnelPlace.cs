namespace Pilot.Server.Interactive;

/// <summary>Where a job's tunnel is now: held by this server (<see cref="Here"/>), by another server of the database (<see cref="Holder"/>, its URL), or nowhere.</summary>
internal sealed record TunnelPlace(AgentTunnel? Here, string? Holder)
{
    public static readonly TunnelPlace Nowhere = new(null, null);
}
