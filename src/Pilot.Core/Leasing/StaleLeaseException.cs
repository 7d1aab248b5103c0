namespace Pilot.Core.Leasing;

/// <summary>A renewal or report about an attempt that no longer holds its job.</summary>
public sealed class StaleLeaseException : Exception
{
    public StaleLeaseException(string leaseId, string message)
        : base($"lease {leaseId}: {message}")
    {
        LeaseId = leaseId;
    }

    public StaleLeaseException()
        : this(string.Empty, "stale lease")
    {
    }

    public StaleLeaseException(string message)
        : this(string.Empty, message)
    {
    }

    public StaleLeaseException(string message, Exception innerException)
        : base(message, innerException)
    {
        LeaseId = string.Empty;
    }

    public string LeaseId { get; }
}
