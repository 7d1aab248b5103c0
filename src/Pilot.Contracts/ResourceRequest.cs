using System.Text.Json.Serialization;

namespace Pilot.Contracts;

public sealed record ResourceRequest
{
    public static readonly TimeSpan DefaultWalltime = TimeSpan.FromHours(1);

    public int Cores { get; init; } = 1;

    public long MemoryMb { get; init; }

    public int Gpus { get; init; }

    public int Nodes { get; init; } = 1;

    /// <summary>The longest the payload may run; a pilot only takes the job if it has this much time left.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan Walltime { get; init; } = DefaultWalltime;
}
