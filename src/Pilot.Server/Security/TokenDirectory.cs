using System.Collections.Concurrent;
using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Security;

/// <summary>
/// Resolves token secrets to callers, caching hits briefly so that heartbeats and leases do not each read the token
/// table. Revoking through this server takes effect at once; through another server sharing the database, within
/// <see cref="CacheFor"/>.
/// </summary>
internal sealed class TokenDirectory(ITokenStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _cache = new();

    public async Task<Caller?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiTokenSecret.Hash(secret);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Caller;
        }

        var token = await store.FindActiveAsync(hash, cancellationToken);
        if (token is null)
        {
            _cache.TryRemove(hash, out _);
            return null;
        }

        var caller = new Caller(token.Name, token.Role);
        _cache[hash] = (caller, now + CacheFor);
        return caller;
    }

    public Task<TokenCreated> CreateAsync(TokenRequest request, CancellationToken cancellationToken) => store.CreateAsync(request, cancellationToken);

    public Task<IReadOnlyList<TokenView>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await store.RevokeAsync(id, cancellationToken);
        _cache.Clear();
    }
}
