namespace Pilot.Server.Storage;

/// <summary>Column-for-column shape of the tokens table, for Dapper.</summary>
internal sealed class TokenRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Hash { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? RevokedAt { get; set; }
}
