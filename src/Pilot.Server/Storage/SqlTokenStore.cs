using Dapper;
using Pilot.Contracts;
using Pilot.Server.Security;

namespace Pilot.Server.Storage;

/// <summary>The token table over any SQL dialect. Token changes are rare, so each is its own short transaction.</summary>
internal sealed class SqlTokenStore(SqlDialect dialect, TimeProvider time) : ITokenStore
{
    public const int MaxNameLength = 64;

    public async Task<TokenCreated> CreateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name.Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            throw new BadHttpRequestException($"a token name must be 1 to {MaxNameLength} printable characters, e.g. the user's login name");
        }

        var secret = ApiTokenSecret.New();
        var row = new TokenRow
        {
            Id = ApiTokenSecret.NewId(),
            Name = name,
            Role = StoredEnum.Text(request.Role),
            Hash = ApiTokenSecret.Hash(secret),
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO tokens (id, name, role, hash, created_at) VALUES (@Id, @Name, @Role, @Hash, @CreatedAt)", row);
        return new TokenCreated(ToView(row), secret);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>("SELECT * FROM tokens ORDER BY created_at, id");
        return rows.Select(ToView).ToList();
    }

    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            "UPDATE tokens SET revoked_at = COALESCE(revoked_at, @Now) WHERE id = @Id",
            new { Id = id, Now = time.GetUtcNow().ToUnixTimeMilliseconds() });
        if (changed == 0)
        {
            throw new NotFoundException($"token {id} does not exist; 'pilot token list' shows the token ids");
        }
    }

    public async Task<TokenView?> FindActiveAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(
            "SELECT * FROM tokens WHERE hash = @Hash AND revoked_at IS NULL", new { Hash = hash });
        return row is null ? null : ToView(row);
    }

    public async Task<bool> HasActiveAdminAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM tokens WHERE role = @Role AND revoked_at IS NULL", new { Role = StoredEnum.Text(TokenRole.Admin) }) > 0;
    }

    private static TokenView ToView(TokenRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Role = StoredEnum.Parse<TokenRole>(row.Role),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        RevokedAt = row.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
    };
}
