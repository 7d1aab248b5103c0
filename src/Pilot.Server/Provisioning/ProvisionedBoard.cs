using System.Text.Json;
using Dapper;
using Pilot.Contracts;
using Pilot.Server.Storage;

namespace Pilot.Server.Provisioning;

/// <summary>
/// The provisioner's pilot jobs as the leading server last wrote them to the database (table <c>provisioned</c>, one row),
/// so <c>/api/v1/provisioned</c> answers the same on every server, and a follower shows what the leader sees.
/// </summary>
internal sealed class ProvisionedBoard(SqlDialect dialect)
{
    private const long Row = 1;

    private string? _written;

    /// <summary>Writes the list when it changed since this server last wrote it.</summary>
    public async Task PublishAsync(IReadOnlyList<ProvisionedPilotView> pilots, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(pilots, PilotJson.Options);
        if (json == _written)
        {
            return;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO provisioned (id, pilots) VALUES (@Row, @Pilots) ON CONFLICT (id) DO UPDATE SET pilots = excluded.pilots",
            new { Row, Pilots = json },
            cancellationToken: cancellationToken));
        _written = json;
    }

    public async Task<IReadOnlyList<ProvisionedPilotView>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition("SELECT pilots FROM provisioned WHERE id = @Row", new { Row }, cancellationToken: cancellationToken));
        return json is null ? [] : JsonSerializer.Deserialize<List<ProvisionedPilotView>>(json, PilotJson.Options)!;
    }
}
