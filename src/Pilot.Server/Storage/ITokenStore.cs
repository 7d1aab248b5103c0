using Pilot.Contracts;

namespace Pilot.Server.Storage;

/// <summary>API tokens, kept as hashes of their secrets.</summary>
internal interface ITokenStore
{
    Task<TokenCreated> CreateAsync(TokenRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<TokenView>> ListAsync(CancellationToken cancellationToken);

    Task RevokeAsync(string id, CancellationToken cancellationToken);

    /// <summary>The token whose secret hashes to <paramref name="hash"/>, unless it was revoked.</summary>
    Task<TokenView?> FindActiveAsync(string hash, CancellationToken cancellationToken);

    Task<bool> HasActiveAdminAsync(CancellationToken cancellationToken);
}
