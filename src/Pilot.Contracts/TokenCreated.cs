namespace Pilot.Contracts;

/// <summary>A new token with its secret; the server keeps only a hash, so this is the one chance to copy it.</summary>
public sealed record TokenCreated(TokenView Token, string Secret);
