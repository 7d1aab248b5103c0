using System.Reflection;
using System.Security.Claims;
using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Security;

/// <summary>Who sent a request, from its API token. Endpoints take it as a parameter; the authorization policies have already let it in.</summary>
internal sealed record Caller(string Name, TokenRole Role)
{
    /// <summary>The owner every row this caller touches must have; null for an admin, who sees everything.</summary>
    public string? Owner => Role == TokenRole.Admin ? null : Name;

    public ClaimsPrincipal ToPrincipal(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, Name), new Claim(ClaimTypes.Role, StoredEnum.Text(Role))], scheme));

    public static Caller From(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { } name }
        && StoredEnum.TryParse<TokenRole>(principal.FindFirstValue(ClaimTypes.Role), out var role)
            ? new Caller(name, role)
            : throw new InvalidOperationException("an endpoint that takes a Caller must require authorization");

    /// <summary>Minimal-API binding: <c>(Caller caller, ...)</c> in an endpoint's signature.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Caller?>(From(context.User));
}
