using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Security;

/// <summary>The three authorization policies, one per role; an admin passes them all.</summary>
internal static class AccessPolicy
{
    public const string User = "user";
    public const string Pilot = "pilot";
    public const string Admin = "admin";

    public static void AddPilotAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<TokenDirectory>();
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(User, policy => policy.RequireRole(StoredEnum.Text(TokenRole.User), StoredEnum.Text(TokenRole.Admin)))
            .AddPolicy(Pilot, policy => policy.RequireRole(StoredEnum.Text(TokenRole.Pilot), StoredEnum.Text(TokenRole.Admin)))
            .AddPolicy(Admin, policy => policy.RequireRole(StoredEnum.Text(TokenRole.Admin)));
    }
}
