namespace Pilot.Contracts;

/// <summary>What an API token may do.</summary>
public enum TokenRole
{
    /// <summary>Submit jobs, see and cancel its own.</summary>
    User,

    /// <summary>Register, lease, heartbeat, report and ship logs.</summary>
    Pilot,

    /// <summary>Everything, including managing tokens.</summary>
    Admin,
}
