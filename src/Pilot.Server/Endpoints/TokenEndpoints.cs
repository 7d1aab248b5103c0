using Pilot.Contracts;
using Pilot.Server.Security;

namespace Pilot.Server.Endpoints;

/// <summary>Admins' side: create, list and revoke API tokens.</summary>
internal static class TokenEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup(string.Empty).RequireAuthorization(AccessPolicy.Admin);
        tokens.MapPost(ApiRoutes.Tokens, async (TokenRequest request, TokenDirectory directory, CancellationToken ct) =>
        {
            var created = await directory.CreateAsync(request, ct);
            return TypedResults.Created($"{ApiRoutes.Prefix}{ApiRoutes.Tokens}/{created.Token.Id}", created);
        });
        tokens.MapGet(ApiRoutes.Tokens, (TokenDirectory directory, CancellationToken ct) => directory.ListAsync(ct));
        tokens.MapDelete(ApiRoutes.Token, async (string id, TokenDirectory directory, CancellationToken ct) =>
        {
            await directory.RevokeAsync(id, ct);
            return TypedResults.NoContent();
        });
    }
}
