using Refit;

namespace Pilot.Contracts;

/// <summary>Builds the typed API client over an <see cref="HttpClient"/> whose base address is the server.</summary>
public static class PilotApiClient
{
    public static RefitSettings Settings { get; } = new(new SystemTextJsonContentSerializer(PilotJson.Options));

    public static IPilotApi Create(HttpClient http) => RestService.ForGenerated<IPilotApi>(http, Settings);
}
