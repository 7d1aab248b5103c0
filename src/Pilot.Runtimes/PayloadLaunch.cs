using Pilot.Contracts;

namespace Pilot.Runtimes;

/// <summary>Everything a runtime needs to start one attempt of a job on this node.</summary>
public sealed record PayloadLaunch
{
    public required long JobId { get; init; }

    public required string LeaseId { get; init; }

    public required JobSpec Spec { get; init; }

    /// <summary>The attempt's scratch directory; the payload's working directory is resolved inside it.</summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>The job's environment plus what Pilot adds (job id, cores, GPUs, the attempt marker).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>GPU indices reserved for this payload on the node.</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];

    /// <summary>Directory where runtimes keep prepared images for reuse on this node.</summary>
    public string? ImageCacheDirectory { get; init; }

    /// <summary>The image as the runtime runs it once prepared (e.g. a directory unpacked in the cache); null before.</summary>
    public string? PreparedImage { get; init; }

    public string WorkingDirectory =>
        Spec.WorkingDirectory is { Length: > 0 } dir ? Path.Combine(ScratchDirectory, dir) : ScratchDirectory;
}
