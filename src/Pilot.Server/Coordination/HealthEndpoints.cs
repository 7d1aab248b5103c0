using Dapper;
using Pilot.Server.Storage;

namespace Pilot.Server.Coordination;

/// <summary>
/// What a load balancer asks: <c>/healthz</c> (the process answers: restart it when not) and <c>/readyz</c> (send it
/// requests: the database answers and the server is not stopping).
/// </summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan DatabaseLimit = TimeSpan.FromSeconds(2);

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(SqlDialect dialect, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return TypedResults.Text("stopping: send requests to another server", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(DatabaseLimit);
        try
        {
            await using var connection = await dialect.OpenAsync(limit.Token);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: limit.Token));
            return TypedResults.Text("ready");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return TypedResults.Text($"not ready: the {dialect.Name} database does not answer ({e.Message})", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
