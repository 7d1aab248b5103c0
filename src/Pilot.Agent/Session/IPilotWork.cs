using Pilot.Contracts;

namespace Pilot.Agent.Session;

/// <summary>The side of the agent <see cref="PilotExchange"/> talks for: what to ask the server for, and where its answers go.</summary>
internal interface IPilotWork
{
    /// <summary>Completes when what <see cref="Wanted"/> or the reports would say may have changed (a payload ended, draining began). Take it before asking.</summary>
    Task Changed { get; }

    /// <summary>The work to ask for now; null when the pilot takes none (full, draining, leaving).</summary>
    LeaseRequest? Wanted(DateTimeOffset now);

    Heartbeat Heartbeat(DateTimeOffset now);

    /// <summary>True while the payload of <paramref name="leaseId"/> still holds its resources: its report waits to go with the request for them.</summary>
    bool Runs(string leaseId);

    void Start(LeasedJob job);

    void Obey(PilotCommand command);

    /// <summary>The server forgot this pilot and requeued its jobs: its leases are void, its payloads must stop.</summary>
    Task ForgetAsync();
}
