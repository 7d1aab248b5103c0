namespace Pilot.Contracts;

/// <summary>How the payload is started: a plain process or a container runtime with an image.</summary>
public sealed record RuntimeSpec
{
    public const string ProcessType = "process";

    public string Type { get; init; } = ProcessType;

    /// <summary>As the user writes it: <c>docker://alpine:3.20</c>, a <c>.sif</c> file, an image directory, a SquashFS file or a tarball.</summary>
    public string? Image { get; init; }

    /// <summary>Bind mounts as <c>host[:container[:ro]]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    /// <summary>Keep the image's root read-only (the default); false gives the payload a throwaway writable layer where the runtime has one.</summary>
    public bool ReadOnly { get; init; } = true;

    /// <summary>Extra flags passed to the runtime as they are.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
