namespace Pilot.Contracts;

/// <summary>Asks for a new API token. Jobs submitted with a user token are owned by <see cref="Name"/>.</summary>
public sealed record TokenRequest(string Name, TokenRole Role);
