namespace Pilot.Contracts;

/// <summary>An API token as listed; the secret itself is shown only once, when it is created.</summary>
public sealed record TokenView
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required TokenRole Role { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
