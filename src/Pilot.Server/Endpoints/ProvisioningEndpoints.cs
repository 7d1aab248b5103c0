using Pilot.Contracts;
using Pilot.Server.Provisioning;
using Pilot.Server.Security;

namespace Pilot.Server.Endpoints;

/// <summary>The pilot batch jobs the provisioner submitted, for operators, as the leading server last published them.</summary>
internal static class ProvisioningEndpoints
{
    public static void MapProvisioned(this RouteGroupBuilder api) =>
        api.MapGet(ApiRoutes.Provisioned, (ProvisionedBoard board, CancellationToken ct) => board.ReadAsync(ct)).RequireAuthorization(AccessPolicy.Admin);
}
