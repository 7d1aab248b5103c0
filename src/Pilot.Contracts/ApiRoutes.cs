namespace Pilot.Contracts;

/// <summary>
/// The API's paths, under <see cref="Prefix"/>, written once: <see cref="IPilotApi"/> and the server's endpoints both
/// use these constants, so a client and the server cannot disagree on a route.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";

    public const string Jobs = "/jobs";
    public const string JobBatch = "/jobs/batch";
    public const string JobStates = "/jobs/states";
    public const string Job = "/jobs/{id}";
    public const string JobAttempts = "/jobs/{id}/attempts";
    public const string JobLog = "/jobs/{id}/log";
    public const string JobCancel = "/jobs/{id}/cancel";
    public const string JobInteractive = "/jobs/{id}/interactive";

    public const string Group = "/groups/{group}";
    public const string GroupEntries = "/groups/{group}/entries";
    public const string GroupCancel = "/groups/{group}/cancel";
    public const string GroupResubmit = "/groups/{group}/resubmit";

    public const string Pilots = "/pilots";
    public const string Pilot = "/pilots/{pilotId}";
    public const string PilotDrain = "/pilots/{pilotId}/drain";
    public const string PilotShutdown = "/pilots/{pilotId}/shutdown";
    public const string PilotHeartbeat = "/pilots/{pilotId}/heartbeat";
    public const string PilotLease = "/pilots/{pilotId}/lease";

    /// <summary>The pilot's one exchange: results of ended attempts and heartbeat in, new leases and orders out.</summary>
    public const string PilotWork = "/pilots/{pilotId}/work";

    public const string Provisioned = "/provisioned";

    public const string LeaseReport = "/leases/{leaseId}/report";
    public const string LeaseLog = "/leases/{leaseId}/log";

    public const string Tokens = "/tokens";
    public const string Token = "/tokens/{id}";

    /// <summary>The query parameters' names, as sent by clients and read by the server.</summary>
    public static class Query
    {
        public const string State = "state";
        public const string Limit = "limit";
        public const string Before = "before";
        public const string After = "after";
        public const string Group = "group";
        public const string Offset = "offset";
        public const string Token = "token";
        public const string GraceSeconds = "grace_seconds";
        public const string Reason = "reason";
        public const string NodeBroken = "node_broken";
    }
}
