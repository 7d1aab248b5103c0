namespace Pilot.Contracts;

/// <summary>Where an interactive job is opened, and whether its service answers yet.</summary>
public sealed record InteractiveView
{
    /// <summary>The address to open in a browser; it asks for an API token once, then holds a cookie.</summary>
    public required string Url { get; init; }

    /// <summary>The job runs, its tunnel is up and its service answered through it.</summary>
    public required bool Ready { get; init; }

    /// <summary>Why it is not ready, in words a person can act on.</summary>
    public string? Reason { get; init; }
}
