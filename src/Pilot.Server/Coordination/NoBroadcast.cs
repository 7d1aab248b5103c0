namespace Pilot.Server.Coordination;

/// <summary>One server owns an SQLite database: there is nobody else to tell.</summary>
internal sealed class NoBroadcast : IWorkBroadcast
{
    public void Announce()
    {
    }
}
