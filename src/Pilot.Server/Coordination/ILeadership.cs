namespace Pilot.Server.Coordination;

/// <summary>
/// Which server runs the singletons (lease reaper, provisioner): exactly one at a time among those sharing a database,
/// and another within seconds when it dies.
/// </summary>
internal interface ILeadership
{
    /// <summary>Waits until this server leads; the token returned is cancelled when it stops leading.</summary>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the database, now, whether this server still leads: the fence before an act another leader must not
    /// repeat, such as submitting a pilot batch job.
    /// </summary>
    Task<bool> StillLeadsAsync(CancellationToken cancellationToken);
}
