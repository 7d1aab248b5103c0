namespace Pilot.Contracts;

/// <summary>One stretch of an attempt (lease, setup, payload, report), so users and operators see where time goes.</summary>
public sealed record AttemptPhase(string Name, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    public const string Lease = "lease";
    public const string Setup = "setup";
    public const string Payload = "payload";
    public const string Report = "report";

    public TimeSpan Duration => FinishedAt - StartedAt;
}
