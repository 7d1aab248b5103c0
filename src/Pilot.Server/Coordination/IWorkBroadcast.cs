namespace Pilot.Server.Coordination;

/// <summary>Tells the other servers on the same database that work arrived, so their waiting lease requests wake too.</summary>
internal interface IWorkBroadcast
{
    /// <summary>Returns at once; the message goes out in the background, coalesced with others sent meanwhile.</summary>
    void Announce();
}
