using Pilot.Contracts;
using Pilot.Server.Security;

namespace Pilot.Server.Endpoints;

/// <summary>Admins' side: create, list and revoke API tokens.</summary>
internal static class TokenEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").RequireAuthorization(AccessPolicy.Admin);
        tokens.MapPost(string.Empty, async (TokenRequest request, TokenDirectory directory, CancellationToken ct) =>
        {
            var created = await directory.CreateAsync(request, ct);
            return TypedResults.Created($"{IPilotApi.Prefix}/tokens/{created.Token.Id}", created);
        });
        tokens.MapGet(string.Empty, (TokenDirectory directory, CancellationToken ct) => directory.ListAsync(ct));
        tokens.MapDelete("/{id}", async (string id, TokenDirectory directory, CancellationToken ct) =>
        {
            await directory.RevokeAsync(id, ct);
            return TypedResults.NoContent();
        });
    }
}
