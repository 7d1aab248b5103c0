using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Pilot.Server.Storage;

namespace Pilot.Server.Interactive;

/// <summary>
/// The key ring that encrypts login cookies and signs requests relayed between servers, in the database: every server
/// of a shared database reads the same keys, so a login made through one opens on all, and a restart keeps it.
/// Data Protection asks rarely (it caches the ring for hours), so these calls wait for the database in place.
/// </summary>
internal sealed class DatabaseKeyRepository(SqlDialect dialect) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dialect.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return [.. connection.Query<string>("SELECT xml FROM session_keys ORDER BY name").Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dialect.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO session_keys (name, xml) VALUES (@Name, @Xml) ON CONFLICT (name) DO NOTHING",
            new { Name = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
