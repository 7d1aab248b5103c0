namespace Pilot.Contracts;

/// <summary>How the payload is started: a plain process or a container runtime with an image.</summary>
public sealed record RuntimeSpec
{
    public const string ProcessType = "process";

    public string Type { get; init; } = ProcessType;

    public string? Image { get; init; }

    /// <summary>Bind mounts as <c>host[:container]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    /// <summary>Extra flags passed to the runtime as they are.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
