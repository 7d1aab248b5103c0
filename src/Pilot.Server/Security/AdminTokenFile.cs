using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Security;

/// <summary>
/// On a server's first start (no admin token yet) creates one and writes it, readable by the owner only, to
/// <c>admin.token</c> in the data directory, so the operator can create user and pilot tokens.
/// </summary>
internal sealed class AdminTokenFile(ITokenStore store, IOptions<ServerOptions> options, ILogger<AdminTokenFile> logger) : IHostedService
{
    public const string FileName = "admin.token";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.HasActiveAdminAsync(cancellationToken))
        {
            return;
        }

        var created = await store.CreateAsync(new TokenRequest("admin", TokenRole.Admin), cancellationToken);
        var path = PathIn(options.Value.DataDirectory);
        File.Delete(path);
        var owner = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var file = new StreamWriter(path, owner))
        {
            await file.WriteLineAsync(created.Secret.AsMemory(), cancellationToken);
        }

        Log.AdminTokenCreated(logger, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
